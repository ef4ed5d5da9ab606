import { expect, it } from 'vitest';
import { erasePerson, exportPerson, purgeExpired, setRetention } from '../../src/dialogues/privacy/index.js';
import { teamsConversationRepository } from '../../src/store/teams-conversation-repository.js';
import { forEachStore } from '../support/db.js';
import { MO, NOOR, OTHER_ORG, privacyScenario } from '../support/privacy-scenario.js';

const DAY = 24 * 60 * 60 * 1000;

/** Everything the store holds for one organisation, as one string to search. */
async function everything(s: Awaited<ReturnType<typeof privacyScenario>>, organisationId: string): Promise<string> {
  const store = s.a.store;
  const rounds = await store.rounds.list(organisationId);
  const replies = (await Promise.all(rounds.map((r) => store.replies.listByRound(organisationId, r.id)))).flat();
  const people = await store.people.list(organisationId);
  const identities = (await Promise.all(people.map((p) => store.people.identities(organisationId, p.id)))).flat();
  return JSON.stringify({
    people,
    identities,
    replies,
    rounds,
    actions: await store.actions.list(organisationId),
    deliveries: await store.deliveries.list(organisationId),
    audit: await store.audit.list(organisationId, 10_000),
  });
}

forEachStore('privacy: export, erasure, retention', (t) => {
  it('exports everything about one person, anonymous answers marked, and audits the export', async () => {
    const s = await privacyScenario(t.store);
    const exported = await exportPerson(s.a.deps, s.a.organisationId, s.mo.id);
    if (!exported.ok) throw new Error(exported.code);
    const e = exported.value;
    expect(e.format).toBe('vijfvragen.person-export/1');
    expect(e.person).toMatchObject({ id: s.mo.id, displayName: MO.name });
    expect(e.identities).toEqual([expect.objectContaining({ platform: 'slack', userId: 'U0MO' })]);
    expect(e.replies.map((r) => [r.text, r.anonymous]).sort()).toEqual(
      [
        [MO.named, false],
        [MO.action, false],
        [MO.remark, false],
        [MO.anonymous, true],
      ].sort(),
    );
    // The author token is a key into the table, not information about the person.
    expect(JSON.stringify(e)).not.toContain('authorToken');
    // Actions born of a next-steps answer have no owner until someone takes them; Noor's was given to Mo.
    expect(e.actionsOwned.map((a) => a.title)).toEqual([NOOR.action]);
    expect(e.roundsTriggered.map((r) => r.id)).toEqual([s.named.id]);
    expect(e.deliveriesReceived.map((d) => d.purpose)).toEqual(['digest']);
    expect(e.auditEntries.some((a) => a.action === 'role.granted' || a.subject === `person:${s.mo.id}`)).toBe(true);
    // Noor's words and the other organisation's Mo are not in it.
    const text = JSON.stringify(e);
    for (const foreign of [NOOR.named, NOOR.anonymous, OTHER_ORG.text, s.moElsewhere.id])
      expect(text).not.toContain(foreign);
    const audit = await t.store.audit.list(s.a.organisationId, 1000);
    expect(audit.filter((a) => a.action === 'person.exported')).toEqual([
      expect.objectContaining({ subject: `person:${s.mo.id}`, details: { replies: 4, anonymousReplies: 1 } }),
    ]);
  });

  it('lets a person export themselves, a coordinator anyone, a team member nobody else', async () => {
    const s = await privacyScenario(t.store);
    expect((await exportPerson(s.a.deps, s.a.organisationId, s.mo.id, { actorPersonId: s.mo.id })).ok).toBe(true);
    expect((await exportPerson(s.a.deps, s.a.organisationId, s.mo.id, { actorPersonId: s.coby.id })).ok).toBe(true);
    expect(await exportPerson(s.a.deps, s.a.organisationId, s.mo.id, { actorPersonId: s.noor.id })).toMatchObject({
      ok: false,
      code: 'permission.denied',
    });
    // Another organisation's person cannot be reached through this organisation.
    expect(await exportPerson(s.a.deps, s.a.organisationId, s.moElsewhere.id)).toMatchObject({
      ok: false,
      code: 'person.not_found',
    });
  });

  it('erases one person: replies, identities, deliveries, audit rows; summaries keep counts, not their words', async () => {
    const s = await privacyScenario(t.store);
    const org = s.a.organisationId;
    const summariesBefore = (await t.store.deliveries.list(org)).filter((d) => d.message.kind === 'round.summary');
    expect(summariesBefore.length).toBeGreaterThan(0);
    // Round summaries quote the team's answers with names, so they hold Mo's words before the erasure.
    expect(JSON.stringify(summariesBefore)).toContain(MO.named);
    expect(
      await erasePerson(s.a.deps, { organisationId: org, personId: s.mo.id, actorPersonId: s.noor.id }),
    ).toMatchObject({ ok: false, code: 'permission.denied' });

    const erased = await erasePerson(s.a.deps, { organisationId: org, personId: s.mo.id, actorPersonId: s.coby.id });
    if (!erased.ok) throw new Error(erased.code);
    expect(erased.value).toMatchObject({
      replies: 4,
      identities: 1,
      deliveries: 1,
      actionsUnassigned: 1,
      actionsUnlinked: 1,
      roundsUnlinked: 1,
    });
    expect(erased.value.auditEntries).toBeGreaterThan(0);
    expect(erased.value.deliveriesScrubbed).toBeGreaterThan(0);

    const left = await everything(s, org);
    for (const trace of [MO.named, MO.remark, MO.anonymous, MO.name, 'U0MO']) expect(left).not.toContain(trace);
    expect(await t.store.people.get(org, s.mo.id)).toBeNull();
    expect(await t.store.people.findByIdentity('slack', 'T0LINDE', 'U0MO')).toBeNull();
    // Noor keeps everything. The action born of Mo's answer is the team's commitment: it stays,
    // no longer linked to a reply; the action Mo owned stays without owner.
    for (const kept of [NOOR.named, NOOR.anonymous, NOOR.action]) expect(left).toContain(kept);
    const actions = await t.store.actions.list(org);
    expect(actions.find((a) => a.title === MO.action)?.replyId).toBeNull();
    expect(actions.find((a) => a.title === NOOR.action)?.ownerPersonId).toBeNull();
    // The summaries are all still there; Mo's words and name are gone from them (checked in `left`
    // above), everyone else's quotes stay.
    const summariesAfter = (await t.store.deliveries.list(org)).filter((d) => d.message.kind === 'round.summary');
    expect(summariesAfter.map((d) => d.id)).toEqual(summariesBefore.map((d) => d.id));
    if (JSON.stringify(summariesBefore).includes(NOOR.named))
      expect(JSON.stringify(summariesAfter)).toContain(NOOR.named);
    // The erasure itself is recorded, without a name.
    const audit = await t.store.audit.list(org, 1000);
    expect(audit.filter((a) => a.action === 'person.erased')).toHaveLength(1);
    // The other organisation's Mo Jansen is untouched.
    expect(await t.store.people.get(s.b.organisationId, s.moElsewhere.id)).not.toBeNull();
    expect(await everything(s, s.b.organisationId)).toContain(OTHER_ORG.text);
    // Erasing twice is a clear error, not a crash.
    expect(await erasePerson(s.a.deps, { organisationId: org, personId: s.mo.id, actorPersonId: null })).toMatchObject({
      ok: false,
      code: 'person.not_found',
    });
  });

  it('refuses to erase the last organisation-wide coordinator, as revoking that role is refused', async () => {
    const s = await privacyScenario(t.store);
    const org = s.a.organisationId;
    for (const actorPersonId of [null, s.coby.id]) {
      expect(await erasePerson(s.a.deps, { organisationId: org, personId: s.coby.id, actorPersonId })).toMatchObject({
        ok: false,
        code: 'person.last_coordinator',
        details: { person: 'Coby Coördinator' },
      });
    }
    expect(await t.store.people.get(org, s.coby.id)).not.toBeNull();
    expect((await t.store.audit.list(org, 1000)).some((a) => a.action === 'person.erased')).toBe(false);
    // A school coordinator does not count: Noor coordinating a school still leaves Coby the last one.
    await t.store.people.grantRole({
      organisationId: org,
      personId: s.noor.id,
      role: 'coordinator',
      scope: { kind: 'school', schoolId: s.a.schoolId },
    });
    expect(
      await erasePerson(s.a.deps, { organisationId: org, personId: s.coby.id, actorPersonId: null }),
    ).toMatchObject({ ok: false, code: 'person.last_coordinator' });
    // With a second organisation coordinator, either may go.
    await t.store.people.grantRole({
      organisationId: org,
      personId: s.noor.id,
      role: 'coordinator',
      scope: { kind: 'organisation' },
    });
    expect(
      (await erasePerson(s.a.deps, { organisationId: org, personId: s.coby.id, actorPersonId: s.noor.id })).ok,
    ).toBe(true);
    expect(
      await erasePerson(s.a.deps, { organisationId: org, personId: s.noor.id, actorPersonId: null }),
    ).toMatchObject({ ok: false, code: 'person.last_coordinator' });
  });

  it('erases their personal Teams chats, their name as guest inviter and their digest subscriptions', async () => {
    const s = await privacyScenario(t.store);
    const org = s.a.organisationId;
    const now = s.a.deps.clock.now();
    for (const userId of ['29:mo', 'aad:mo-object'])
      await t.store.people.addIdentity({
        personId: s.mo.id,
        organisationId: org,
        platform: 'teams',
        workspaceId: 'tenant-1',
        userId,
      });
    await t.store.guests.create({
      id: 'guest-by-mo',
      organisationId: org,
      roundId: s.later.id,
      name: 'MR Het Palet',
      invitedBy: s.mo.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 7 * DAY),
      revokedAt: null,
      lastUsedAt: null,
    });
    for (const person of [s.mo, s.coby]) {
      await t.store.digests.upsertSubscription({
        id: `digest-${person.id}`,
        organisationId: org,
        personId: person.id,
        bindingId: null,
        weekday: 1,
        hour: 8,
        minute: 0,
        createdAt: now,
      });
    }
    // The Teams references live next to the store, in the same database (none in memory).
    const conversations = t.db === null ? null : teamsConversationRepository(t.db);
    const user = (id: string, name: string, aadObjectId: string) => ({
      user: { id, name, aadObjectId },
      conversation: { id: `conv-${id}` },
      serviceUrl: 'https://smba.example/',
    });
    const chat = (
      conversationId: string,
      kind: 'personal' | 'channel',
      userId: string | null,
      reference: Record<string, unknown>,
    ) =>
      conversations?.save({
        conversationId,
        tenantId: 'tenant-1',
        organisationId: org,
        kind,
        userId,
        reference,
        createdAt: now,
        updatedAt: now,
      });
    await chat('a:mo-chat', 'personal', '29:mo', user('29:mo', MO.name, 'mo-object'));
    await chat('a:mo-chat-by-aad', 'personal', '29:mo-old', user('29:mo-old', MO.name, 'mo-object'));
    await chat('a:noor-chat', 'personal', '29:noor', user('29:noor', NOOR.name, 'noor-object'));
    await chat('19:channel', 'channel', null, user('29:mo', MO.name, 'mo-object'));

    const erased = await erasePerson(s.a.deps, { organisationId: org, personId: s.mo.id, actorPersonId: s.coby.id });
    if (!erased.ok) throw new Error(erased.code);
    expect(erased.value).toMatchObject({
      identities: 3,
      invitationsUnlinked: 1,
      teamsConversations: conversations === null ? 0 : 2,
    });
    // The invitation stays (the guest's view belongs to the round), without who sent it.
    expect(await t.store.guests.get(org, 'guest-by-mo')).toMatchObject({ name: 'MR Het Palet', invitedBy: null });
    expect((await t.store.digests.listSubscriptions(org)).map((d) => d.personId)).toEqual([s.coby.id]);
    if (conversations !== null) {
      expect(await conversations.findPersonal('tenant-1', '29:mo')).toBeNull();
      expect(await conversations.find('a:mo-chat-by-aad')).toBeNull();
      expect(await conversations.findPersonal('tenant-1', '29:noor')).toMatchObject({
        reference: { user: { name: NOOR.name } },
      });
      // The channel is still reachable; its reference no longer names Mo as the last speaker.
      const channel = await conversations.find('19:channel');
      expect(channel?.reference).toMatchObject({
        conversation: { id: 'conv-29:mo' },
        serviceUrl: 'https://smba.example/',
      });
      expect(JSON.stringify(channel)).not.toContain(MO.name);
      expect(channel?.reference).not.toHaveProperty('user');
    }
  });

  it('purges replies and audit rows older than the retention period, per organisation', async () => {
    const s = await privacyScenario(t.store);
    const org = s.a.organisationId;
    expect(await setRetention(s.a.deps, { organisationId: org, days: 0, actorPersonId: null })).toMatchObject({
      ok: false,
      code: 'input.invalid',
    });
    expect(await setRetention(s.a.deps, { organisationId: org, days: 30, actorPersonId: s.noor.id })).toMatchObject({
      ok: false,
      code: 'permission.denied',
    });
    expect((await setRetention(s.a.deps, { organisationId: org, days: 30, actorPersonId: s.coby.id })).ok).toBe(true);

    // 29 days on: nothing is old enough yet.
    s.a.deps.clock.advance(29 * DAY);
    const early = await purgeExpired(s.a.deps);
    expect(early.organisations).toEqual([
      expect.objectContaining({ organisationId: org, replies: 0, auditEntries: 0 }),
    ]);

    s.a.deps.clock.advance(2 * DAY);
    const report = await purgeExpired(s.a.deps);
    const mine = report.organisations.find((o) => o.organisationId === org);
    expect(mine?.replies).toBe(7);
    expect(mine?.auditEntries).toBeGreaterThan(0);
    const left = await everything(s, org);
    // Gone from the replies and from the round summaries that quoted them.
    for (const gone of [MO.named, MO.anonymous, NOOR.named, NOOR.anonymous]) expect(left).not.toContain(gone);
    // The sweep leaves its own record, and organisation B (no retention) keeps everything.
    expect((await t.store.audit.list(org, 100)).map((a) => a.action)).toEqual(['retention.purged']);
    expect(report.organisations.map((o) => o.organisationId)).toEqual([org]);
    expect(await everything(s, s.b.organisationId)).toContain(OTHER_ORG.text);
  });
});
