import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { teamsConversationRepository } from '../../src/store/teams-conversation-repository.js';
import {
  ANOUK,
  BRAM,
  CHANNEL,
  ILSE,
  TENANT,
  botAdded,
  cardExecute,
  mentionInChannel,
  threadReply,
} from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';
import { countRows, freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';

const REPLIES = 100;
const FORGERIES_PER_KIND = Number(process.env.FAULT_PER_KIND ?? 250);
const WATCHED: (keyof Database)[] = [
  'organisations',
  'replies',
  'rounds',
  'deliveries',
  'inbound_events',
  'audit_log',
  'people',
  'identities',
  'channel_bindings',
];

/** Teams parts of scenarios 5 and 8, on PostgreSQL, against the fake Bot Connector. */
describe('faults 5 and 8 (Teams)', () => {
  let database: FreshDatabase;
  let app: TeamsTestApp | undefined;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await database.drop();
  });

  it('5: every activity redelivered four times, some concurrently: one reply each', async () => {
    const a = (app = await startTeamsTestApp({
      store: database.store,
      conversations: teamsConversationRepository(database.db),
    }));
    expect((await a.send(botAdded(a.connector.url, ILSE))).status).toBe(200);
    await a.send(mentionInChannel(a.connector.url, ILSE, 'koppel Groep 7'));
    await a.send(mentionInChannel(a.connector.url, ILSE, 'ronde begrijpend lezen'));
    await a.flush();
    const organisationId = (await database.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
    const round = (await database.store.rounds.list(organisationId))[0];
    const rootId = a.connector.sent.find((s) => s.conversationId === CHANNEL && s.activityId === null)?.id ?? '';
    if (!round || rootId === '') throw new Error('no round or no prompt');
    let sent = 0;
    let refused = 0;
    const deliver = async (activity: Record<string, unknown>) => {
      sent += 1;
      if ((await a.send(activity)).status >= 400) refused += 1;
    };
    const texts: string[] = [];
    for (let batch = 0; batch < REPLIES; batch += 10) {
      const activities = Array.from({ length: Math.min(10, REPLIES - batch) }, (_, k) => {
        const text = `Antwoord ${batch + k}: elke dag twintig minuten lezen`;
        texts.push(text);
        return threadReply(a.connector.url, (batch + k) % 2 === 0 ? ANOUK : BRAM, rootId, text) as unknown as Record<
          string,
          unknown
        >;
      });
      await Promise.all(activities.flatMap((x) => [deliver(x), deliver(x)]));
      for (const x of activities) {
        await deliver(x);
        await deliver(x);
      }
    }
    const card = cardExecute(a.connector.url, ANOUK, rootId, 'vv_answers', {
      vv: 'vv_answers',
      roundId: round.id,
      q_evidence: 'De Cito-scores stijgen',
    }) as unknown as Record<string, unknown>;
    // Card answers are redelivered concurrently: two copies of one Action.Execute both read "no
    // answer yet"; the form-answer key (replies_form_answer_key) lets only one of them store it.
    await Promise.all([0, 1, 2, 3].map(() => deliver(card)));
    const replies = await database.store.replies.listByRound(organisationId, round.id);
    const threadTexts = new Set(replies.filter((r) => r.source === 'thread').map((r) => r.text));
    const cards = replies.filter((r) => r.source === 'card');
    const figures = {
      sent,
      stored: replies.length,
      duplicated: replies.length - threadTexts.size - new Set(cards.map((r) => r.questionKey)).size,
      lost: texts.filter((t) => !threadTexts.has(t)).length,
      refused,
    };
    const counts = new Map<string, number>();
    for (const r of replies)
      counts.set(
        `${r.source}:${r.questionKey}:${r.text}`,
        (counts.get(`${r.source}:${r.questionKey}:${r.text}`) ?? 0) + 1,
      );
    printFigures('5 Teams redelivery x4', {
      ...figures,
      twice:
        [...counts]
          .filter(([, n]) => n > 1)
          .map(([k]) => k.slice(0, 40))
          .join('|') || 'none',
    });
    expect(figures).toMatchObject({ stored: REPLIES + 1, duplicated: 0, lost: 0, refused: 0 });
  });

  it('8: thousands of forged activities (bad, foreign, misaddressed, expired tokens; foreign tenants) refused before any handler', async () => {
    const a = (app = await startTeamsTestApp({
      store: database.store,
      conversations: teamsConversationRepository(database.db),
      credentials: true,
      allowedTenants: [TENANT],
    }));
    const foreignTenant = 'f00d0000-0000-4000-8000-000000000bad';
    const now = Math.floor(Date.now() / 1000);
    const before = await Promise.all(WATCHED.map((t) => countRows(database.db, t)));
    const statuses = new Map<number, number>();
    let sent = 0;
    let accepted = 0;
    for (let i = 0; i < FORGERIES_PER_KIND; i += 1) {
      const activity = mentionInChannel(a.connector.url, ILSE, `koppel Groep ${i}`) as unknown as Record<
        string,
        unknown
      >;
      const tokens: (string | null)[] = [
        null,
        'not-a-jwt',
        `Bearer-less.${i}.token`,
        await a.tokenFor(activity, {}, { foreign: true }),
        await a.tokenFor(activity, { aud: 'some-other-bot' }),
        await a.tokenFor(activity, { iss: 'https://evil.example' }),
        await a.tokenFor(activity, { serviceurl: 'https://evil.example/' }),
        await a.tokenFor(activity, { exp: now - 3600, nbf: now - 7200, iat: now - 7200 }),
      ];
      const foreign = mentionInChannel(a.connector.url, ILSE, 'koppel Groep 7', {
        tenant: foreignTenant,
      }) as unknown as Record<string, unknown>;
      const batch = [...tokens.map((token) => a.send(activity, token)), a.send(foreign, await a.tokenFor(foreign))];
      for (const response of await Promise.all(batch)) {
        sent += 1;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status < 400) accepted += 1;
      }
    }
    const after = await Promise.all(WATCHED.map((t) => countRows(database.db, t)));
    printFigures('8 Teams forged activities', {
      sent,
      stored: after.reduce((s, n, i) => s + n - (before[i] ?? 0), 0),
      duplicated: 0,
      lost: 0,
      refused: sent - accepted,
      connectorCalls: a.connector.sent.length,
      statuses: JSON.stringify(Object.fromEntries(statuses)),
    });
    expect(sent).toBeGreaterThan(2000);
    expect(accepted).toBe(0);
    expect(after).toEqual(before);
    expect(a.connector.sent).toHaveLength(0);
    // And a genuine activity still gets in.
    const genuine = botAdded(a.connector.url, ILSE) as unknown as Record<string, unknown>;
    expect((await a.send(genuine, await a.tokenFor(genuine))).status).toBe(200);
  });
});
