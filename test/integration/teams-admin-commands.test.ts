import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ANOUK,
  BOT,
  BRAM,
  CHANNEL,
  ILSE,
  TENANT,
  botAdded,
  mentionInChannel,
  type TeamsTestUser,
} from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

/**
 * A channel post that @mentions the bot and, in the command, another person: Teams sends both
 * as `<at>` tags in the HTML text with one mention entity each.
 */
function mentioning(
  serviceUrl: string,
  from: TeamsTestUser,
  before: string,
  who: TeamsTestUser,
  after: string,
): Record<string, unknown> {
  const activity = mentionInChannel(serviceUrl, from, before);
  const at = `<at>${who.name}</at>`;
  return {
    ...activity,
    text: `<p><at>${BOT.name}</at> ${before} ${at} ${after}</p>`,
    entities: [
      ...(activity.entities as unknown[]),
      { type: 'mention', mentioned: { id: who.id, name: who.name }, text: at },
    ],
  };
}

describe('Teams: rol, rollen and digest kanaal by @mention', () => {
  let app: TeamsTestApp;
  beforeEach(async () => {
    app = await startTeamsTestApp({ features: { digestAt: { weekday: 1, hour: 7, minute: 30 } } });
  });
  afterEach(async () => app.close());

  const say = async (activity: Record<string, unknown>) => {
    const res = await app.send(activity);
    expect(res.status).toBe(200);
    return String(app.connector.sent.at(-1)?.activity.text ?? JSON.stringify(app.connector.sent.at(-1)?.activity));
  };
  const org = async () => (await app.store.workspaces.findOrganisation('teams', TENANT)) ?? '';

  it('the installer (coordinator) grants a role to a mentioned colleague, who may then choose the digest channel', async () => {
    await say(botAdded(app.connector.url, ILSE));
    await say(mentionInChannel(app.connector.url, ILSE, 'koppel MT'));

    // Anouk has never written to the bot: the mention is enough to know her.
    expect(await say(mentioning(app.connector.url, ILSE, 'rol', ANOUK, 'leider'))).toBe(
      'Anouk is nu leidinggevende van de organisatie Stichting De Linde.',
    );
    const organisationId = await org();
    const anouk = await app.store.people.findByIdentity('teams', TENANT, ANOUK.id);
    expect(anouk).toMatchObject({ organisationId, displayName: 'Anouk' });
    expect(await app.store.people.roles(organisationId, anouk?.id ?? '')).toEqual([
      expect.objectContaining({ role: 'leader', scope: { kind: 'organisation' } }),
    ]);

    // Bram is no coordinator: refused, and Anouk keeps what she has.
    expect(await say(mentioning(app.connector.url, BRAM, 'rol intrekken', ANOUK, 'leider'))).toBe(
      'Dit mag alleen een coördinator.',
    );
    expect(await app.store.people.roles(organisationId, anouk?.id ?? '')).toHaveLength(1);

    const on = await say(mentionInChannel(app.connector.url, ANOUK, 'digest kanaal'));
    expect(on).toContain(
      'Dit kanaal krijgt voortaan elke maandag om 07:30 het weekoverzicht van de organisatie Stichting De Linde.',
    );
    const binding = await app.store.bindings.findByChannel('teams', TENANT, CHANNEL);
    expect(await app.store.digests.listSubscriptions(organisationId)).toEqual([
      expect.objectContaining({ personId: anouk?.id, bindingId: binding?.id, schoolId: null }),
    ]);

    const roles = await say(mentionInChannel(app.connector.url, ILSE, 'rollen'));
    expect(roles).toContain('Rollen in Stichting De Linde');
    expect(JSON.stringify(app.connector.sent.at(-1)?.activity)).toContain(
      'Anouk: leidinggevende van de organisatie Stichting De Linde',
    );

    expect(await say(mentioning(app.connector.url, ILSE, 'rol intrekken', ANOUK, 'leider'))).toBe(
      'Anouk is geen leidinggevende van de organisatie Stichting De Linde meer.',
    );
    expect(await app.store.people.roles(organisationId, anouk?.id ?? '')).toEqual([]);
    expect((await app.store.audit.list(organisationId)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['role.granted', 'role.revoked', 'digest.subscribed']),
    );
  });

  it('answers a malformed role command with the usage', async () => {
    await say(botAdded(app.connector.url, ILSE));
    // Teams renders the text as HTML, so the angle brackets arrive escaped.
    expect(await say(mentionInChannel(app.connector.url, ILSE, 'rol Anouk'))).toMatch(
      /^Gebruik: rol &lt;persoon&gt; &lt;lid\|coördinator\|leider&gt;/,
    );
  });
});
