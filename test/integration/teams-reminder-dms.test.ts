import { afterEach, expect, it } from 'vitest';
import type { Person } from '../../src/dialogues/model.js';
import { erasePerson } from '../../src/dialogues/privacy/erase-person.js';
import { personalReminderKey, remindDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { runTick } from '../../src/scheduler/tick.js';
import { teamsConversationRepository } from '../../src/store/teams-conversation-repository.js';
import { aPerson } from '../support/builders.js';
import { STORES, forEachStore, type StoreHarness } from '../support/db.js';
import { HOUR, MINUTE, SECOND, fakeClock } from '../support/fake-clock.js';
import type { SentActivity } from '../support/fake-teams-connector.js';
import {
  ANOUK,
  BRAM,
  CHANNEL,
  ILSE,
  TENANT,
  botAdded,
  mentionInChannel,
  personalMessage,
  threadReply,
} from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

/** Anouk has a personal chat with the bot already; Bram never wrote to it, so his chat is created. */
const ANOUK_CHAT = `a:personal-${ANOUK.aadObjectId}`;
/** Conversations the fake connector creates are named `a:personal-<counter>`, the counter 17… */
const CREATED_CHAT = 'a:personal-17';
/** Monday 23 November 2026, 09:00 in Amsterdam. */
const MONDAY_9 = '2026-11-23T08:00:00Z';

interface Scene {
  app: TeamsTestApp;
  organisationId: string;
  roundId: string;
  rootId: string;
  anouk: Person;
  bram: Person;
  /** How much the connector had received when the scene was set: what follows is the reminders'. */
  sent: number;
  attempts: number;
}

/**
 * The Teams app over the harness's store. `scene(opened)`: Groep 7 is bound to the channel and has
 * four members: Ilse (who answers), Anouk and Bram (who do not) and Carla, who has no Teams
 * account. Ilse opens an ad-hoc round at `opened` (reminded after 24 hours, closed after 48);
 * its prompt is posted and she answers in its thread.
 */
function teamsBoard(t: StoreHarness) {
  let app: TeamsTestApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function scene(opened: string): Promise<Scene> {
    const started = await startTeamsTestApp({
      store: t.store,
      clock: fakeClock(opened),
      ...(t.db ? { conversations: teamsConversationRepository(t.db) } : {}),
    });
    app = started;
    const url = started.connector.url;
    await started.send(botAdded(url, ILSE));
    await started.send(mentionInChannel(url, ILSE, 'koppel Groep 7'));
    await started.send(personalMessage(url, ANOUK, 'help'));
    await started.send(mentionInChannel(url, BRAM, 'help'));
    const organisationId = (await started.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
    const [team] = await started.store.teams.findByName(organisationId, 'Groep 7');
    const person = async (id: string) => {
      const found = await started.store.people.findByIdentity('teams', TENANT, id);
      if (!found) throw new Error(`no person for ${id}`);
      return found;
    };
    const [anouk, bram] = [await person(ANOUK.id), await person(BRAM.id)];
    const carla = aPerson(organisationId, { displayName: 'Carla Smit', createdAt: started.deps.clock.now() });
    await started.store.people.create(carla);
    for (const member of [anouk, bram, carla]) {
      await started.store.people.grantRole({
        organisationId,
        personId: member.id,
        role: 'member',
        scope: { kind: 'team', teamId: team?.id ?? '' },
      });
    }
    await started.send(mentionInChannel(url, ILSE, 'ronde lezen'));
    await started.flush();
    const rootId = started.connector.sent.find((s) => s.conversationId === CHANNEL && s.activityId === null)?.id ?? '';
    expect((await started.send(threadReply(url, ILSE, rootId, '1. Ja, we lezen elke dag.'))).status).toBe(200);
    const [round] = await started.store.rounds.list(organisationId);
    return {
      app: started,
      organisationId,
      roundId: round?.id ?? '',
      rootId,
      anouk,
      bram,
      sent: started.connector.sent.length,
      attempts: started.connector.attempts.length,
    };
  }
  return { scene };
}

/** Posts since the scene was set to conversations whose id starts with `prefix`. */
const postsTo = (scene: Scene, prefix: string): SentActivity[] =>
  scene.app.connector.sent.slice(scene.sent).filter((s) => s.method === 'POST' && s.conversationId.startsWith(prefix));
const attemptsAt = (scene: Scene, prefix: string): number[] =>
  scene.app.connector.attempts
    .slice(scene.attempts)
    .filter((a) => a.conversationId.startsWith(prefix))
    .map((a) => a.status);
const cardActions = (post: SentActivity | undefined) =>
  (post?.activity.attachments as { content: { actions?: unknown[] } }[] | undefined)?.[0]?.content.actions;
/** The personal reminders stored, by person. */
const personal = async (scene: Scene) =>
  new Map(
    (await scene.app.store.deliveries.list(scene.organisationId)).flatMap((d) =>
      d.target.kind === 'person' && d.purpose === 'reminder' ? [[d.target.personId, d] as const] : [],
    ),
  );
const thread = (scene: Scene) => `${CHANNEL};messageid=${scene.rootId}`;

forEachStore('Teams: reminders in the personal chat of members who have not answered', (t) => {
  const { scene } = teamsBoard(t);

  it('reminds each member who has not answered in their personal chat, once, creating the chat when missing', async () => {
    const board = await scene(MONDAY_9);
    const { app } = board;
    app.deps.clock.advance(24 * HOUR);
    expect((await runTick(app.deps)).reminded).toBe(1);
    await app.flush();

    const [toAnouk] = postsTo(board, ANOUK_CHAT);
    expect(postsTo(board, ANOUK_CHAT)).toHaveLength(1);
    expect(String(toAnouk?.activity.text)).toContain('Je hebt nog niet geantwoord in de ronde');
    expect(cardActions(toAnouk)).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Naar de ronde',
        url: `https://teams.microsoft.com/l/message/${encodeURIComponent(CHANNEL)}/${board.rootId}?tenantId=${TENANT}&parentMessageId=${board.rootId}&createdTime=${board.rootId}`,
      },
    ]);
    // Bram had no chat with the bot: one is created for him, and kept for later posts.
    expect(app.connector.created.map((c) => c.parameters.members)).toEqual([[{ id: BRAM.id }]]);
    expect(postsTo(board, CREATED_CHAT)).toHaveLength(1);
    expect(await app.conversations.findPersonal(TENANT, BRAM.id)).toMatchObject({
      organisationId: board.organisationId,
      kind: 'personal',
    });
    // Ilse answered: nothing for her. Carla has no Teams account: no delivery that could only fail.
    const stored = await personal(board);
    expect([...stored.keys()].sort()).toEqual([board.anouk.id, board.bram.id].sort());
    expect(stored.get(board.anouk.id)).toMatchObject({
      dedupeKey: personalReminderKey(board.roundId, board.anouk.id),
      status: 'sent',
      locale: 'nl',
    });
    expect(stored.get(board.bram.id)?.status).toBe('sent');
    expect(postsTo(board, thread(board))).toHaveLength(1);

    // Another tick, a second process reminding, an hour later: no second reminder anywhere.
    expect((await runTick(app.deps)).reminded).toBe(0);
    expect(await remindDueRounds(app.deps)).toBe(0);
    app.deps.clock.advance(HOUR);
    await runTick(app.deps);
    await app.flush();
    expect(postsTo(board, ANOUK_CHAT)).toHaveLength(1);
    expect(postsTo(board, CREATED_CHAT)).toHaveLength(1);
    expect(app.connector.created).toHaveLength(1);
    expect((await personal(board)).size).toBe(2);
  });

  it('retries a throttled reminder after Retry-After and hands one that may have arrived to a coordinator', async () => {
    const board = await scene(MONDAY_9);
    const { app } = board;
    app.deps.clock.advance(24 * HOUR);
    await runTick(app.deps);
    app.connector.fail({ status: 429, retryAfter: 20 }, { conversation: ANOUK_CHAT });
    app.connector.fail({ status: 412, retryAfter: 5 }, { conversation: ANOUK_CHAT });
    app.connector.fail({ status: 503 }, { conversation: ANOUK_CHAT });
    app.connector.fail({ status: 500 }, { conversation: CREATED_CHAT });
    for (let i = 0; i < 10; i += 1) {
      await app.flush();
      app.deps.clock.advance(30 * SECOND);
    }

    expect(attemptsAt(board, ANOUK_CHAT)).toEqual([429, 412, 503, 200]);
    expect(postsTo(board, ANOUK_CHAT)).toHaveLength(1);
    // A 500 may have posted, and Teams cannot be asked: unclear, for a coordinator, never sent twice.
    expect(attemptsAt(board, CREATED_CHAT)).toEqual([500]);
    const stored = await personal(board);
    expect(stored.get(board.anouk.id)?.status).toBe('sent');
    expect(stored.get(board.bram.id)).toMatchObject({ status: 'unclear', lastError: 'teams: HTTP 500' });
    await runTick(app.deps);
    await app.flush();
    expect(attemptsAt(board, CREATED_CHAT)).toEqual([500]);
  });

  it("does not nudge at night: a reminder due in the evening waits for the next morning's tick", async () => {
    // Opened Monday 19:00: its reminder comes due Tuesday 19:00, in quiet hours.
    const board = await scene('2026-11-23T18:00:00Z');
    const { app } = board;
    app.deps.clock.advance(24 * HOUR);
    expect((await runTick(app.deps)).reminded).toBe(0);
    app.deps.clock.set('2026-11-25T06:59:00Z');
    expect((await runTick(app.deps)).reminded).toBe(0);
    expect((await personal(board)).size).toBe(0);
    app.deps.clock.set('2026-11-25T07:00:00Z');
    expect((await runTick(app.deps)).reminded).toBe(1);
    await app.flush();
    expect(postsTo(board, ANOUK_CHAT)).toHaveLength(1);
    expect(postsTo(board, CREATED_CHAT)).toHaveLength(1);
  });

  it('holds a personal reminder the worker reaches after 18:00 until 08:00, while the thread gets its reminder', async () => {
    // Opened Monday 17:59: reminded Tuesday 17:59, but the worker only gets to it at 18:01.
    const board = await scene('2026-11-23T16:59:00Z');
    const { app } = board;
    app.deps.clock.advance(24 * HOUR);
    expect((await runTick(app.deps)).reminded).toBe(1);
    app.deps.clock.advance(2 * MINUTE);
    await app.flush();
    expect(postsTo(board, thread(board))).toHaveLength(1);
    expect(postsTo(board, ANOUK_CHAT)).toHaveLength(0);
    expect([...(await personal(board)).values()].map((d) => [d.status, d.nextAttemptAt.toISOString()])).toEqual([
      ['pending', '2026-11-25T07:00:00.000Z'],
      ['pending', '2026-11-25T07:00:00.000Z'],
    ]);
    app.deps.clock.set('2026-11-25T07:00:00Z');
    await app.flush();
    expect(postsTo(board, ANOUK_CHAT)).toHaveLength(1);
    expect(postsTo(board, CREATED_CHAT)).toHaveLength(1);
  });

  it('skips the reminder of someone who answered after it was queued', async () => {
    const board = await scene(MONDAY_9);
    const { app } = board;
    app.deps.clock.advance(24 * HOUR);
    await runTick(app.deps);
    await app.send(threadReply(app.connector.url, ANOUK, board.rootId, '2. Best goed.'));
    await app.flush();
    expect(postsTo(board, ANOUK_CHAT)).toHaveLength(0);
    expect(postsTo(board, CREATED_CHAT)).toHaveLength(1);
    expect((await personal(board)).get(board.anouk.id)).toMatchObject({
      status: 'skipped',
      lastError: 'personal reminder: the person has answered meanwhile',
    });
  });
});

// The memory store keeps Teams conversations outside the store, so erasure cannot reach them there.
forEachStore(
  'Teams: erasure covers reminder DMs and the chats made for them',
  (t) => {
    const { scene } = teamsBoard(t);

    it("erases the person's reminder delivery and the personal chat the reminder created", async () => {
      const board = await scene(MONDAY_9);
      const { app } = board;
      app.deps.clock.advance(24 * HOUR);
      await runTick(app.deps);
      await app.flush();
      expect(await app.conversations.findPersonal(TENANT, BRAM.id)).not.toBeNull();
      const erased = await erasePerson(app.deps, {
        organisationId: board.organisationId,
        personId: board.bram.id,
        actorPersonId: null,
      });
      expect(
        erased.ok && { deliveries: erased.value.deliveries, teamsConversations: erased.value.teamsConversations },
      ).toEqual({ deliveries: 1, teamsConversations: 1 });
      expect((await personal(board)).has(board.bram.id)).toBe(false);
      expect((await personal(board)).has(board.anouk.id)).toBe(true);
      expect(await app.conversations.findPersonal(TENANT, BRAM.id)).toBeNull();
    });
  },
  STORES.filter((kind) => kind.name !== 'memory'),
);
