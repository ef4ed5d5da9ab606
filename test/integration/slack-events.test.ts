import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/dialogues/ports.js';
import { createMemoryStore } from '../support/memory-store.js';
import { fixture } from '../support/slack-requests.js';
import {
  ADMIN,
  ANOUK,
  BRAM,
  CHANNEL,
  addPeople,
  bindAndOpenRound,
  commandText,
  newTs,
  threadMessage,
} from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { aSchedule, aTemplate } from './builders.js';

const HOUR = 3_600_000;

describe('Slack events over the real Bolt endpoint', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  const replies = async (organisationId: string, roundId: string) =>
    app.store.replies.listByRound(organisationId, roundId);

  it('answers url_verification with the challenge', async () => {
    const res = await app.event(
      fixture('event-url-verification', { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses forged, missing and stale signatures with 401 and writes nothing', async () => {
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    const callsBefore = app.slack.calls.length;
    const message = threadMessage(ANOUK, '1. Ja', newTs(), promptTs);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await app.event(message, { signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await app.event(message, { signature: null })).status).toBe(401);
    expect((await app.event(message, { timestamp: stale })).status).toBe(401);
    expect((await app.command('koppel Groep 8', ADMIN, 'C0OTHER01', { signature: 'v0=forged' })).status).toBe(401);
    expect(await replies(organisationId, roundId)).toHaveLength(0);
    expect(await app.store.teams.findByName(organisationId, 'Groep 8')).toHaveLength(0);
    expect(app.slack.calls.length).toBe(callsBefore);
    // The same message, signed properly, is stored: the refusals above were the signature's doing.
    expect((await app.event(message)).status).toBe(200);
    expect(await replies(organisationId, roundId)).toHaveLength(1);
  });

  it('stores a thread reply once, however often Slack delivers it, before acknowledging', async () => {
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    const ts = newTs();
    const message = threadMessage(ANOUK, '3. De methodetoetsen en de Cito', ts, promptTs);
    const first = await app.event(message);
    expect(first.status).toBe(200);
    // Acknowledged means stored (processBeforeResponse): no waiting needed before reading.
    expect(await replies(organisationId, roundId)).toMatchObject([
      {
        questionKey: 'evidence',
        text: 'De methodetoetsen en de Cito',
        source: 'thread',
        platformMessageId: `${CHANNEL}:${ts}`,
      },
    ]);
    expect((await app.event(message, { retryNum: 1 })).status).toBe(200);
    expect((await app.event(message, { retryNum: 2 })).status).toBe(200);
    // A second event id for the same message ts (Slack can do this) is still the same reply.
    expect(
      (await app.event(threadMessage(ANOUK, '3. De methodetoetsen en de Cito', ts, promptTs, 'EvOTHER0001'))).status,
    ).toBe(200);
    expect(await replies(organisationId, roundId)).toHaveLength(1);
    expect(app.slack.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  it('answers 500 when the reply cannot be stored, so Slack delivers again and nothing is lost', async () => {
    const failing = { left: 0 };
    const base = createMemoryStore();
    const unavailable = () => {
      if (failing.left <= 0) return;
      failing.left -= 1;
      throw new Error('database unavailable');
    };
    const wrap = (store: Store): Store => ({
      ...store,
      replies: {
        ...store.replies,
        insert: async (reply) => (unavailable(), store.replies.insert(reply)),
        insertForEvent: async (reply, event) => (unavailable(), store.replies.insertForEvent(reply, event)),
      },
      transaction: (work) => store.transaction((tx) => work(wrap(tx))),
    });
    await app.close();
    app = await startSlackTestApp({ store: wrap(base) });
    addPeople(app);
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    const message = threadMessage(ANOUK, '2. Ja, met de nieuwe methode', newTs(), promptTs);
    failing.left = 1;
    expect((await app.event(message)).status).toBe(500);
    expect(await replies(organisationId, roundId)).toHaveLength(0);
    // The failed attempt did not mark the event as seen: the redelivery is stored.
    expect((await app.event(message, { retryNum: 1 })).status).toBe(200);
    expect(await replies(organisationId, roundId)).toMatchObject([
      { questionKey: 'done_well', text: 'Ja, met de nieuwe methode' },
    ]);
  });

  it('honours edits and deletions of a thread reply', async () => {
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    const ts = newTs();
    await app.event(threadMessage(BRAM, 'Goed gesprek gehad', ts, promptTs));
    const base = {
      team: WORKSPACE.teamId,
      bot_user: WORKSPACE.botUserId,
      channel: CHANNEL,
      user: BRAM,
      ts,
      thread_ts: promptTs,
      previous_text: 'Goed gesprek gehad',
    };
    await app.event(
      fixture('event-message-changed', {
        ...base,
        text: '5. Leesplan maken',
        edit_ts: newTs(),
        event_id: 'EvEDIT0001',
      }),
    );
    expect(await replies(organisationId, roundId)).toMatchObject([
      { questionKey: 'next_steps', text: 'Leesplan maken' },
    ]);
    await app.event(fixture('event-message-deleted', { ...base, delete_ts: newTs(), event_id: 'EvDEL00001' }));
    expect(await replies(organisationId, roundId)).toHaveLength(0);
  });

  it('ignores bot posts and messages outside a round thread', async () => {
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    const fromBot = threadMessage(ANOUK, '1. ik ben een bot', newTs(), promptTs);
    (fromBot.event as Record<string, unknown>).bot_id = 'B0OTHER';
    await app.event(fromBot);
    await app.event(threadMessage(ANOUK, '1. ergens anders', newTs(), '1700000000.000001'));
    const topLevel = threadMessage(ANOUK, 'gewoon een bericht', newTs(), 'x');
    delete (topLevel.event as Record<string, unknown>).thread_ts;
    await app.event(topLevel);
    expect(await replies(organisationId, roundId)).toHaveLength(0);
  });

  it('tells the author privately when the round is closed, once however often Slack delivers it, and stores nothing', async () => {
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    app.deps.clock.advance(49 * HOUR);
    const late = threadMessage(ANOUK, '1. te laat', newTs(), promptTs);
    const res = await app.event(late);
    expect(res.status).toBe(200);
    // Slack delivers it again (say the first answer was slow): the refusal is told once.
    expect((await app.event(late, { retryNum: 1 })).status).toBe(200);
    expect(await replies(organisationId, roundId)).toHaveLength(0);
    const ephemeral = app.slack.callsTo('chat.postEphemeral');
    expect(ephemeral).toHaveLength(1);
    expect(ephemeral[0]?.params).toMatchObject({ channel: CHANNEL, user: ANOUK, thread_ts: promptTs });
    expect(String(ephemeral[0]?.params.text)).toContain('gesloten');
  });

  it('makes workspace admins coordinators of their organisation on first contact', async () => {
    const { organisationId } = await bindAndOpenRound(app);
    const admin = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, ADMIN);
    expect(admin?.displayName).toBe('Ilse (IB)');
    expect(await app.store.people.roles(organisationId, admin?.id ?? '')).toContainEqual(
      expect.objectContaining({ role: 'coordinator', scope: { kind: 'organisation' } }),
    );
    const organisation = await app.store.organisations.get(organisationId);
    expect(organisation?.name).toBe(WORKSPACE.teamName);
  });

  it('refuses coordinator commands to a teacher, ephemerally, naming the role', async () => {
    await bindAndOpenRound(app);
    for (const text of ['koppel Groep 8', 'ronde lezen', 'schema', 'schema nieuw']) {
      const reply = await commandText(await app.command(text, ANOUK, CHANNEL));
      expect(reply.status).toBe(200);
      expect(reply.type).toBe('ephemeral');
      expect(reply.text).toContain('coördinator');
    }
    const organisationId = (await app.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
    expect(await app.store.teams.findByName(organisationId, 'Groep 8')).toHaveLength(0);
    expect(await app.store.rounds.list(organisationId)).toHaveLength(1);
    expect(app.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('answers unknown input with the help text, ephemerally', async () => {
    const reply = await commandText(await app.command('wat kan je allemaal', ANOUK, CHANNEL));
    expect(reply.type).toBe('ephemeral');
    expect(reply.text).toContain('koppel');
  });

  it('hints how to bind a channel when the bot joins an unbound one, once', async () => {
    const joined = (user: string, channel: string, eventId: string) =>
      fixture('event-member-joined-channel', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        user,
        channel,
        inviter: ADMIN,
        event_id: eventId,
      });
    await app.event(joined(WORKSPACE.botUserId, 'C0NIEUW01', 'EvJOIN0001'));
    await app.event(joined(WORKSPACE.botUserId, 'C0NIEUW01', 'EvJOIN0001'), { retryNum: 1 });
    await app.event(joined(ANOUK, 'C0NIEUW01', 'EvJOIN0002'));
    const posts = app.slack.posts('C0NIEUW01');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toContain('/vijfvragen koppel');
  });

  it("shows coordinators their bound channels and schedules in App Home, members their team's actions", async () => {
    const { organisationId, promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '5. Een leesplan maken', newTs(), promptTs));
    const team = (await app.store.teams.findByName(organisationId, 'Groep 7'))[0];
    await app.store.templates.create(
      aTemplate(organisationId, {
        id: 'tpl-home',
        name: 'Rekenen',
        theme: 'rekenen',
        aspect: 'kwaliteitszorg',
        questions: [{ key: 'evidence' }],
        metricKeys: [],
        responseWindowHours: 48,
        remindAfterHours: null,
        createdAt: app.deps.clock.now(),
      }),
    );
    await app.store.schedules.create(
      aSchedule(organisationId, 'tpl-home', [team?.id ?? ''], {
        id: 'sched-home',
        blackouts: [],
        paused: true,
        createdAt: app.deps.clock.now(),
      }),
    );
    const open = (user: string, eventId: string) =>
      app.event(
        fixture('event-app-home-opened', {
          team: WORKSPACE.teamId,
          bot_user: WORKSPACE.botUserId,
          user,
          event_id: eventId,
        }),
      );
    await open(ADMIN, 'EvHOMECO01');
    await open(BRAM, 'EvHOMEBR01');
    await open(ANOUK, 'EvHOMEAN01');
    const views = app.slack
      .callsTo('views.publish')
      .map((c) => ({ user: c.params.user_id, view: JSON.stringify(c.params.view) }));
    const coordinator = views.find((v) => v.user === ADMIN)?.view ?? '';
    expect(coordinator).toContain('Gekoppelde kanalen');
    expect(coordinator).toContain(`<#${CHANNEL}> → Groep 7`);
    expect(coordinator).toContain('Rekenen: Elke maandag om 09:00 · Groep 7 · ⏸');
    const member = views.find((v) => v.user === BRAM)?.view ?? '';
    expect(member).not.toContain('Gekoppelde kanalen');
    expect(member).not.toContain('Rekenen');
    // A team member sees the team's actions, with their status.
    const anouk = views.find((v) => v.user === ANOUK)?.view ?? '';
    expect(anouk).toContain('Acties van je teams');
    expect(anouk).toContain('Groep 7 #1: Een leesplan maken (open)');
    expect(anouk).not.toContain('Gekoppelde kanalen');
  });

  it('publishes App Home with the open round and an answer button', async () => {
    const { promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '1. Ja', newTs(), promptTs));
    await app.event(
      fixture('event-app-home-opened', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        user: ANOUK,
        event_id: 'EvHOME0001',
      }),
    );
    const published = app.slack.callsTo('views.publish');
    expect(published).toHaveLength(1);
    expect(published[0]?.params.user_id).toBe(ANOUK);
    const view = JSON.stringify(published[0]?.params.view);
    expect(view).toContain('begrijpend lezen');
    expect(view).toContain('vv_answer');
  });
});
