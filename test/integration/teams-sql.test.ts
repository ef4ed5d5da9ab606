import { afterEach, beforeEach, expect, it } from 'vitest';
import { teamsConversationRepository } from '../../src/store/teams-conversation-repository.js';
import { STORES, forEachStore } from '../support/db.js';
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

/**
 * The core Teams flow once over the SQL store (PGlite, and PostgreSQL when it is reachable): the
 * unique keys, the inbound event table and the conversation references are what keep Teams'
 * redeliveries from making a second reply, so they are exercised on the real thing.
 */
forEachStore(
  'Teams over SQL',
  (t) => {
    let app: TeamsTestApp;
    beforeEach(async () => {
      app = await startTeamsTestApp({
        store: t.store,
        ...(t.db ? { conversations: teamsConversationRepository(t.db) } : {}),
      });
    });
    afterEach(async () => app.close());

    it('installs, binds, opens a round, and stores redelivered card answers and thread replies once', async () => {
      expect((await app.send(botAdded(app.connector.url, ILSE))).status).toBe(200);
      await app.send(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7'));
      await app.send(mentionInChannel(app.connector.url, ILSE, 'ronde begrijpend lezen'));
      await app.flush();
      const organisationId = (await t.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
      const round = (await t.store.rounds.list(organisationId))[0];
      const rootId = app.connector.sent.find((s) => s.conversationId === CHANNEL && s.activityId === null)?.id ?? '';
      expect(round).toBeDefined();
      const roundId = round?.id ?? '';

      const reply = threadReply(app.connector.url, BRAM, rootId, '5. Een leesplan voor groep 5');
      const responses = await Promise.all([app.send(reply), app.send(reply), app.send(reply)]);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      const answer = cardExecute(app.connector.url, ANOUK, rootId, 'vv_answers', {
        vv: 'vv_answers',
        roundId,
        q_evidence: 'De Cito-scores',
      });
      expect((await app.send(answer)).status).toBe(200);
      expect((await app.send(answer)).status).toBe(200);

      const replies = await t.store.replies.listByRound(organisationId, roundId);
      expect(replies.map((r) => [r.questionKey, r.source]).sort()).toEqual([
        ['evidence', 'card'],
        ['next_steps', 'thread'],
      ]);
      expect(await t.store.actions.listByTeam(organisationId, round?.teamId ?? '')).toHaveLength(1);
      expect(await app.conversations.find(CHANNEL)).toMatchObject({ organisationId, kind: 'channel' });
    });
  },
  STORES.filter((kind) => kind.name !== 'memory'),
);
