import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, ANOUK, BRAM, CHANNEL, addPeople, commandText } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

/** An English-speaking workspace owner (owners, like admins, become coordinators). */
const EMMA = 'U0EMMA001';

describe('/vijfvragen rol, rollen and digest kanaal over the signed Slack endpoint', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp({ features: { digestAt: { weekday: 1, hour: 7, minute: 30 } } });
    addPeople(app);
    app.slack.addUser(WORKSPACE.teamId, { id: EMMA, name: 'Emma', is_owner: true, locale: 'en-US' });
  });
  afterEach(async () => app.close());

  const say = async (text: string, user = ADMIN, channel = CHANNEL) =>
    commandText(await app.command(text, user, channel));
  const organisation = async () => (await app.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
  const person = async (user: string) => app.store.people.findByIdentity('slack', WORKSPACE.teamId, user);

  it('a coordinator grants a role to a mentioned user the bot has not met yet, and only a coordinator may', async () => {
    expect((await say('koppel MT')).type).toBe('in_channel');
    const granted = await say(`rol <@${ANOUK}|anouk> leider`);
    expect(granted).toMatchObject({
      status: 200,
      type: 'ephemeral',
      text: expect.stringContaining('Anouk is nu leidinggevende van de organisatie Stichting De Linde.'),
    });
    const organisationId = await organisation();
    const anouk = await person(ANOUK);
    expect(anouk?.displayName).toBe('Anouk');
    expect(await app.store.people.roles(organisationId, anouk?.id ?? '')).toEqual([
      expect.objectContaining({ role: 'leader', scope: { kind: 'organisation' } }),
    ]);
    const admin = await person(ADMIN);
    expect(
      (await app.store.audit.list(organisationId)).filter(
        (a) => a.action === 'role.granted' && a.subject === `person:${anouk?.id}`,
      ),
    ).toEqual([expect.objectContaining({ actorPersonId: admin?.id })]);

    // Anouk leads, but does not coordinate: she may not grant roles.
    expect(await say(`rol <@${BRAM}> coördinator`, ANOUK)).toMatchObject({
      type: 'ephemeral',
      text: expect.stringContaining('Dit mag alleen een coördinator.'),
    });
    expect(await person(BRAM)).toBeNull();
    // A user id Slack does not know is nobody; nothing is created for it.
    expect((await say('rol <@U0NOBODY1> leider')).text).toContain('Die persoon ken ik niet in deze organisatie.');
    expect(await person('U0NOBODY1')).toBeNull();
  });

  it('grants and revokes by display name, lists the roles, and speaks English to an English owner', async () => {
    await say('koppel Groep 7');
    expect((await say('rol Bram leider school Stichting De Linde')).text).toContain(
      'Niemand in deze organisatie heet \\"Bram\\"',
    );
    await say('help', BRAM);
    expect((await say('rol Bram leider school Stichting De Linde')).text).toContain(
      'Bram is nu leidinggevende van school Stichting De Linde.',
    );
    const roles = await say('rollen');
    expect(roles.type).toBe('ephemeral');
    expect(roles.text).toContain('Rollen in Stichting De Linde');
    expect(roles.text).toContain('Ilse (IB): coördinator van de organisatie Stichting De Linde');
    expect(roles.text).toContain('Bram: leidinggevende van school Stichting De Linde');
    expect(roles.text).toContain('Teamleden van Groep 7 (2): Bram, Ilse (IB)');
    expect((await say('rol intrekken Bram leider school Stichting De Linde')).text).toContain(
      'Bram is geen leidinggevende van school Stichting De Linde meer.',
    );
    const bram = await person(BRAM);
    expect((await app.store.people.roles(await organisation(), bram?.id ?? '')).map((g) => g.role)).toEqual(['member']);

    const english = await say('roles', EMMA, 'C0GROUP08');
    expect(english.text).toContain('Roles in Stichting De Linde');
    expect((await say('role Bram', EMMA, 'C0GROUP08')).text).toContain('Usage: role &lt;person&gt;');
  });

  it('digest kanaal: a leader subscribes the channel, digest kanaal uit stops it', async () => {
    await say('koppel MT');
    await say(`rol <@${ANOUK}|anouk> leider`);
    const on = await say('digest kanaal', ANOUK);
    expect(on).toMatchObject({
      type: 'ephemeral',
      text: expect.stringContaining(
        'Dit kanaal krijgt voortaan elke maandag om 07:30 het weekoverzicht van de organisatie Stichting De Linde.',
      ),
    });
    const organisationId = await organisation();
    const binding = await app.store.bindings.findByChannel('slack', WORKSPACE.teamId, CHANNEL);
    const anouk = await person(ANOUK);
    expect(await app.store.digests.listSubscriptions(organisationId)).toEqual([
      expect.objectContaining({
        personId: anouk?.id,
        bindingId: binding?.id,
        schoolId: null,
        weekday: 1,
        hour: 7,
        minute: 30,
      }),
    ]);
    expect((await say('digest kanaal uit', BRAM)).text).toContain('door iemand anders ingesteld');
    expect((await say('digest kanaal uit', ANOUK)).text).toContain('Dit kanaal krijgt het weekoverzicht niet meer.');
    expect(await app.store.digests.listSubscriptions(organisationId)).toEqual([]);
  });
});
