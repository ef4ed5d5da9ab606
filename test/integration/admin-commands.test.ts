import { expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';
import { runCommand, type CommandContext, type CommandFeatures } from '../../src/bot/commands/run-command.js';
import { createDigestService } from '../../src/services/digest-service.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { digestKey } from '../../src/dialogues/digest/schedule-digests.js';
import type { Person } from '../../src/dialogues/model.js';
import type { Store } from '../../src/dialogues/ports.js';
import { runTick } from '../../src/scheduler/tick.js';
import { anOrganisation, aPerson, aSchool, testDeps } from '../support/builders.js';
import { forEachStore } from '../support/db.js';
import { seedDigestBoard, WEEK, type DigestBoard } from '../support/digest-board.js';
import { movableClock } from '../support/world.js';

const features: CommandFeatures = { digestAt: { weekday: 1, hour: 8, minute: 0 } };

async function scene(store: Store) {
  const board = await seedDigestBoard(store);
  const clock = movableClock('2026-11-20T10:00:00Z');
  const deps = testDeps(store, clock);
  const [mt] = await store.bindings.listByTeam(board.organisationId, board.groep3.id);
  const [anker] = await store.bindings.listByTeam(board.organisationId, board.bovenbouw.id);
  if (!mt || !anker) throw new Error('seed has no bindings');
  const inChannel = (binding: typeof mt | null) =>
    binding
      ? {
          platform: 'web' as const,
          workspaceId: 'local',
          channelId: binding.channelId,
          name: binding.name,
          address: {},
        }
      : null;
  const say = (
    who: Person,
    text: string,
    options: {
      locale?: 'nl' | 'en';
      binding?: typeof mt | null;
      channel?: boolean;
      findMentioned?: CommandContext['findMentioned'];
    } = {},
  ) => {
    const binding = options.binding === undefined ? mt : options.binding;
    const ctx: CommandContext = {
      organisationId: board.organisationId,
      personId: who.id,
      locale: options.locale ?? 'nl',
      channel: options.channel === false ? null : inChannel(binding ?? mt),
      binding,
      ...(options.findMentioned ? { findMentioned: options.findMentioned } : {}),
    };
    return runCommand(deps, features, ctx, parseCommand(text));
  };
  const roles = async (person: Person) =>
    (await store.people.roles(board.organisationId, person.id)).map((g) => `${g.role}@${g.scope.kind}`).sort();
  return { board, deps, clock, mt, anker, say, roles };
}

const name = (board: DigestBoard, displayName: string): Person => {
  const person = board.names[displayName];
  if (!person) throw new Error(`no ${displayName}`);
  return person;
};

forEachStore('chat commands: roles', (t) => {
  it('a coordinator grants a role by name, in Dutch and English, audited once; granting again changes nothing', async () => {
    const { board, say, roles } = await scene(t.store);
    const anna = name(board, 'Anna Aalders');
    expect(await say(board.coordinator, 'rol Anna Aalders leider school De Linde')).toEqual({
      kind: 'text',
      visibility: 'private',
      text: 'Anna Aalders is nu leidinggevende van school De Linde.',
    });
    expect(await say(board.coordinator, 'role anna aalders leader school de linde', { locale: 'en' })).toMatchObject({
      text: 'Anna Aalders is leader of school De Linde already; nothing changed.',
    });
    expect(await say(board.coordinator, 'rol Anna Aalders coördinator team Groep 8')).toMatchObject({
      text: 'Anna Aalders is nu coördinator van team Groep 8.',
    });
    expect(await roles(anna)).toEqual(['coordinator@team', 'leader@school', 'member@team']);
    const audit = (await t.store.audit.list(board.organisationId)).filter((a) => a.action === 'role.granted');
    expect(audit).toHaveLength(2);
    expect(audit).toContainEqual(
      expect.objectContaining({
        actorPersonId: board.coordinator.id,
        subject: `person:${anna.id}`,
        details: { role: 'leader', scope: { kind: 'school', schoolId: board.schoolA.id } },
      }),
    );
  });

  it('refuses everyone but an organisation coordinator, before looking anyone up, and changes nothing', async () => {
    const { board, deps, say, roles } = await scene(t.store);
    const schoolCoordinator = name(board, 'Bas Bakker');
    await t.store.people.grantRole({
      organisationId: board.organisationId,
      personId: schoolCoordinator.id,
      role: 'coordinator',
      scope: { kind: 'school', schoolId: board.schoolA.id },
    });
    for (const who of [board.teacher, board.schoolLeaderA, board.boardLeader, schoolCoordinator]) {
      expect(await say(who, 'rol Cor Claassen leider'), who.displayName).toEqual({
        kind: 'error',
        code: 'permission.denied',
        text: 'Dit mag alleen een coördinator.',
      });
      expect(await say(who, 'rol Niemand Bestaat leider')).toMatchObject({ code: 'permission.denied' });
      expect(await say(who, 'rollen')).toMatchObject({ code: 'permission.denied' });
    }
    expect(await say(board.teacher, 'role revoke Coby Koster coordinator', { locale: 'en' })).toMatchObject({
      text: 'Only a coordinator may do this.',
    });
    expect(await roles(name(board, 'Cor Claassen'))).toEqual(['member@team']);
    expect(await roles(board.coordinator)).toEqual(['coordinator@organisation']);
    expect(await t.store.audit.list(board.organisationId)).toEqual([]);
    expect(deps.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('never reaches into another organisation: its people, schools and name are refused', async () => {
    const { board, say, roles } = await scene(t.store);
    const other = anOrganisation({ name: 'Stichting Ander' });
    await t.store.organisations.create(other);
    await t.store.schools.create(aSchool(other.id, { name: 'Het Kompas' }));
    const xander = aPerson(other.id, { displayName: 'Xander' });
    await t.store.people.create(xander);
    const anna = name(board, 'Anna Aalders');

    expect(await say(board.coordinator, 'rol Xander leider')).toEqual({
      kind: 'error',
      code: 'person.not_found',
      text: expect.stringContaining('Niemand in deze organisatie heet "Xander"'),
    });
    expect(await say(board.coordinator, `rol ${xander.id} leider`)).toMatchObject({ code: 'person.not_found' });
    expect(await say(board.coordinator, 'rol Anna Aalders leider school Het Kompas')).toMatchObject({
      code: 'school.not_found',
      text: 'School "Het Kompas" is niet gevonden.',
    });
    expect(await say(board.coordinator, 'rol Anna Aalders coördinator organisatie Stichting Ander')).toEqual({
      kind: 'error',
      code: 'permission.denied',
      text: 'Je kunt alleen rollen geven in je eigen organisatie (Stichting Test).',
    });
    // A platform mention that resolves to someone of another organisation is nobody here.
    expect(await say(board.coordinator, 'rol <@U0XANDER> leider', { findMentioned: async () => xander })).toEqual({
      kind: 'error',
      code: 'person.not_found',
      text: 'Die persoon ken ik niet in deze organisatie.',
    });
    expect(await say(board.coordinator, 'rol <@U0ANNA> leider', { channel: false })).toMatchObject({
      code: 'person.not_found',
    });

    expect(await t.store.people.roles(other.id, xander.id)).toEqual([]);
    expect(await roles(anna)).toEqual(['member@team']);
    expect(await say(board.coordinator, 'rol Anna Aalders leider organisatie stichting test')).toMatchObject({
      text: 'Anna Aalders is nu leidinggevende van de organisatie Stichting Test.',
    });
    expect(
      await say(board.coordinator, 'rol <@U0ANNA|anna> lid school De Linde', {
        findMentioned: async ({ userId }) => (userId === 'U0ANNA' ? anna : null),
      }),
    ).toMatchObject({ text: 'Anna Aalders is nu teamlid van school De Linde.' });
  });

  it('lists how to tell apart two people with the same name; the id settles it', async () => {
    const { board, say, roles } = await scene(t.store);
    const twin = aPerson(board.organisationId, { displayName: 'Anna Aalders' });
    await t.store.people.create(twin);
    await t.store.people.addIdentity({
      personId: twin.id,
      organisationId: board.organisationId,
      platform: 'slack',
      workspaceId: 'T1',
      userId: 'U0TWIN',
    });
    const reply = await say(board.coordinator, 'rol Anna Aalders leider');
    expect(reply).toMatchObject({ kind: 'error', code: 'person.ambiguous' });
    const text = reply.kind === 'error' ? reply.text : '';
    expect(text).toContain('Er zijn 2 personen met de naam "Anna Aalders"');
    expect(text).toContain(`Anna Aalders (Slack, id ${twin.id})`);
    expect(text).toContain(`Anna Aalders (web, id ${name(board, 'Anna Aalders').id})`);
    expect(text).toContain('Noem de juiste persoon met @, of gebruik het id');
    expect(await roles(twin)).toEqual([]);
    expect(await say(board.coordinator, `rol ${twin.id} leider`)).toMatchObject({
      kind: 'text',
      text: 'Anna Aalders is nu leidinggevende van de organisatie Stichting Test.',
    });
    expect(await roles(twin)).toEqual(['leader@organisation']);
  });

  it("revokes exactly the grant named, audited, but keeps the organisation's last coordinator", async () => {
    const { board, say, roles } = await scene(t.store);
    expect(await say(board.coordinator, 'rol intrekken Sanne Smit leider')).toEqual({
      kind: 'error',
      code: 'role.not_held',
      text: 'Sanne Smit is geen leidinggevende van de organisatie Stichting Test; er is niets ingetrokken.',
    });
    expect(await say(board.coordinator, 'rol intrekken Sanne Smit leider school De Linde')).toEqual({
      kind: 'text',
      visibility: 'private',
      text: 'Sanne Smit is geen leidinggevende van school De Linde meer.',
    });
    expect(await roles(board.schoolLeaderA)).toEqual([]);

    expect(await say(board.coordinator, 'role revoke Coby Koster coordinator', { locale: 'en' })).toEqual({
      kind: 'error',
      code: 'role.last_coordinator',
      text: "Coby Koster is the organisation's last coordinator. Make someone else coordinator first.",
    });
    expect(await roles(board.coordinator)).toEqual(['coordinator@organisation']);
    await say(board.coordinator, 'rol Lotte Leeuwen coördinator');
    expect(await say(board.boardLeader, 'rol intrekken Coby Koster coördinator')).toMatchObject({
      text: 'Coby Koster is geen coördinator van de organisatie Stichting Test meer.',
    });
    expect(await roles(board.coordinator)).toEqual([]);
    const audit = (await t.store.audit.list(board.organisationId)).filter((a) => a.action === 'role.revoked');
    expect(audit.map((a) => [a.actorPersonId, a.subject])).toHaveLength(2);
    expect(audit.map((a) => [a.actorPersonId, a.subject])).toEqual(
      expect.arrayContaining([
        [board.coordinator.id, `person:${board.schoolLeaderA.id}`],
        [board.boardLeader.id, `person:${board.coordinator.id}`],
      ]),
    );
  });

  it('`rollen` lists coordinators and leaders per person and members per team', async () => {
    const { board, say } = await scene(t.store);
    const reply = await say(board.coordinator, 'rollen');
    expect(reply).toMatchObject({ kind: 'list', title: 'Rollen in Stichting Test' });
    expect(reply.kind === 'list' ? reply.items.map((i) => i.text) : []).toEqual([
      'Coby Koster: coördinator van de organisatie Stichting Test',
      'Lotte Leeuwen: leidinggevende van de organisatie Stichting Test',
      'Sanne Smit: leidinggevende van school De Linde',
      'Teamleden van Bovenbouw (3): Gijs Groen, Hanna Hol, Ilse Ingen',
      'Teamleden van Groep 3 (1): Jan Jonker',
      'Teamleden van Groep 7 (4): Anna Aalders, Bas Bakker, Cor Claassen, Dirk Dekker',
      'Teamleden van Groep 8 (2): Eva Evers, Fleur Faber',
    ]);
    expect(await say(board.coordinator, 'roles', { locale: 'en' })).toMatchObject({
      kind: 'list',
      title: 'Roles in Stichting Test',
      items: expect.arrayContaining([expect.objectContaining({ text: 'Sanne Smit: leader of school De Linde' })]),
    });
  });
});

forEachStore("chat commands: a channel's weekly digest", (t) => {
  it('a coordinator subscribes a channel for the organisation and another for one school; each digest covers just that', async () => {
    const { board, clock, deps, mt, anker, say } = await scene(t.store);
    expect(await say(board.coordinator, 'digest kanaal')).toEqual({
      kind: 'text',
      visibility: 'private',
      text: 'Dit kanaal krijgt voortaan elke maandag om 08:00 het weekoverzicht van de organisatie Stichting Test.',
    });
    expect(
      await say(board.coordinator, 'digest channel school Het Anker tue 07:15', { locale: 'en', binding: anker }),
    ).toMatchObject({
      text: 'From now on this channel gets the weekly digest of school Het Anker every Tuesday at 07:15.',
    });
    const subscriptions = await t.store.digests.listSubscriptions(board.organisationId);
    expect(subscriptions).toHaveLength(2);
    expect(
      subscriptions.map((s) => ({
        personId: s.personId,
        bindingId: s.bindingId,
        schoolId: s.schoolId ?? null,
        at: [s.weekday, s.hour, s.minute],
      })),
    ).toEqual(
      expect.arrayContaining([
        { personId: board.coordinator.id, bindingId: mt.id, schoolId: null, at: [1, 8, 0] },
        { personId: board.coordinator.id, bindingId: anker.id, schoolId: board.schoolB.id, at: [2, 7, 15] },
      ]),
    );
    expect(
      (await t.store.audit.list(board.organisationId)).filter((a) => a.action === 'digest.subscribed'),
    ).toHaveLength(2);

    const schedule = { minGroupSize: 3, weekday: 1, hour: 7, minute: 30 };
    clock.set('2026-11-24T07:00:00Z');
    await runTick(deps, { digests: schedule });
    const organisationWide = await t.store.deliveries.findByKey(
      board.organisationId,
      digestKey(board.coordinator.id, WEEK, mt.id),
    );
    expect(organisationWide).toMatchObject({
      target: { kind: 'channel', bindingId: mt.id },
      message: { kind: 'digest', scopeName: 'Stichting Test' },
    });
    const school = await t.store.deliveries.findByKey(
      board.organisationId,
      digestKey(board.coordinator.id, WEEK, anker.id),
    );
    expect(school).toMatchObject({
      target: { kind: 'channel', bindingId: anker.id },
      message: {
        kind: 'digest',
        scopeName: 'Het Anker',
        body: { scope: { kind: 'schools', schoolIds: [board.schoolB.id] } },
      },
    });
    const body = school?.message.kind === 'digest' ? school.message.body : null;
    expect(body?.teams.map((line) => line.teamName)).toEqual(['Bovenbouw']);
  });

  it('lets a school leader subscribe for their own school only, and tells them their direct message stops', async () => {
    const { board, say } = await scene(t.store);
    expect(await say(board.schoolLeaderA, 'digest kanaal school De Linde vr 16:00')).toMatchObject({
      kind: 'text',
      text: 'Dit kanaal krijgt voortaan elke vrijdag om 16:00 het weekoverzicht van school De Linde. Je eigen weekoverzicht per direct bericht vervalt daarmee: het komt nu hier.',
    });
    expect(await say(board.schoolLeaderA, 'digest kanaal')).toEqual({
      kind: 'error',
      code: 'permission.denied',
      text: 'Alleen een leidinggevende of coördinator van de organisatie Stichting Test kan het weekoverzicht hier laten plaatsen.',
    });
    expect(await say(board.schoolLeaderA, 'digest kanaal school Het Anker')).toMatchObject({
      code: 'permission.denied',
      text: expect.stringContaining('van school Het Anker'),
    });
    expect(await say(board.teacher, 'digest kanaal school De Linde')).toMatchObject({ code: 'permission.denied' });
    expect(await say(board.schoolLeaderA, 'digest kanaal school Het Kompas')).toMatchObject({
      code: 'school.not_found',
    });
    expect(await say(board.schoolLeaderA, 'digest kanaal', { channel: false })).toEqual({
      kind: 'error',
      code: 'binding.not_found',
      text: 'Geef dit commando in het kanaal waar het weekoverzicht moet komen.',
    });
    expect(await say(board.schoolLeaderA, 'digest channel', { locale: 'en', binding: null })).toMatchObject({
      code: 'binding.not_found',
      text: expect.stringContaining('Bind it to a team first'),
    });
    expect(
      (await t.store.digests.listSubscriptions(board.organisationId)).map((s) => [s.personId, s.schoolId]),
    ).toEqual([[board.schoolLeaderA.id, board.schoolA.id]]);
  });

  it('`digest kanaal uit` stops what the speaker may stop and says what stays', async () => {
    const { board, mt, say } = await scene(t.store);
    expect(await say(board.coordinator, 'digest kanaal uit')).toEqual({
      kind: 'text',
      visibility: 'private',
      text: 'Dit kanaal krijgt geen weekoverzicht.',
    });
    await say(board.coordinator, 'digest kanaal');
    await say(board.schoolLeaderA, 'digest kanaal school De Linde');
    expect(await say(board.teacher, 'digest kanaal uit')).toEqual({
      kind: 'error',
      code: 'permission.denied',
      text: expect.stringContaining('door iemand anders ingesteld'),
    });
    expect(await say(board.schoolLeaderA, 'digest kanaal uit')).toMatchObject({
      kind: 'text',
      text: expect.stringMatching(/^Gestopt: 1 weekoverzicht\(en\) in dit kanaal\. 1 andere blijven staan/),
    });
    expect((await t.store.digests.listSubscriptions(board.organisationId)).map((s) => s.personId)).toEqual([
      board.coordinator.id,
    ]);
    expect(await say(board.coordinator, 'digest channel off', { locale: 'en' })).toMatchObject({
      text: 'This channel no longer gets the weekly digest.',
    });
    expect(await t.store.digests.listSubscriptions(board.organisationId)).toEqual([]);
    const audit = (await t.store.audit.list(board.organisationId)).filter((a) => a.action === 'digest.unsubscribed');
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => [a.actorPersonId, a.details])).toEqual(
      expect.arrayContaining([
        [board.schoolLeaderA.id, { bindingId: mt.id, schoolId: board.schoolA.id }],
        [board.coordinator.id, { bindingId: mt.id, schoolId: null }],
      ]),
    );
  });

  it("signs a school's chart link with the school, so it cannot be widened to the whole scope", async () => {
    const { board, deps } = await scene(t.store);
    const service = createDigestService(
      deps,
      {
        publicUrl: 'https://vijfvragen.example',
        tokenSecret: 'chart-secret-chart-secret-chart-secret',
        minGroupSize: 3,
        digestAt: { weekday: 1, hour: 7, minute: 30 },
      },
      chartPng,
    );
    const url = new URL(service.chartUrl(board.organisationId, board.coordinator.id, WEEK, board.schoolB.id));
    expect(url.searchParams.get('school')).toBe(board.schoolB.id);
    const sig = url.searchParams.get('sig') ?? '';
    expect(service.verifyChart(board.organisationId, board.coordinator.id, WEEK, sig, board.schoolB.id)).toBe(true);
    expect(service.verifyChart(board.organisationId, board.coordinator.id, WEEK, sig)).toBe(false);
    expect(service.verifyChart(board.organisationId, board.coordinator.id, WEEK, sig, board.schoolA.id)).toBe(false);
    // A school leader's chart for another school is nothing at all.
    expect(await service.chart(board.organisationId, board.schoolLeaderA.id, WEEK, board.schoolB.id)).toBeNull();
  });
});
