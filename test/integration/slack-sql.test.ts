import { afterEach, beforeEach, expect, it } from 'vitest';
import { slackInstallationRepository } from '../../src/store/slack-installation-repository.js';
import { STORES, forEachStore } from '../support/db.js';
import { fixture } from '../support/slack-requests.js';
import { ANOUK, addPeople, bindAndOpenRound, newTs, threadMessage } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

/**
 * The core Slack flow once over the SQL store (PGlite, and PostgreSQL when it is reachable):
 * the unique keys and the event-id table are what keep Slack's retries from making a second
 * reply, so they are exercised on the real thing, not only in memory.
 */
forEachStore(
  'Slack over SQL',
  (t) => {
    let app: SlackTestApp;
    beforeEach(async () => {
      app = await startSlackTestApp({
        store: t.store,
        installations: t.db ? slackInstallationRepository(t.db) : undefined,
      });
      addPeople(app);
    });
    afterEach(async () => app.close());

    it('binds, opens a round, and stores a retried thread reply and a form answer once each', async () => {
      const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
      const message = threadMessage(ANOUK, '5. Een leesplan voor groep 5', newTs(), promptTs);
      expect((await app.event(message)).status).toBe(200);
      expect((await app.event(message, { retryNum: 1 })).status).toBe(200);
      const base = { team: WORKSPACE.teamId, user: ANOUK, user_name: 'anouk', trigger_id: 'trig' };
      await app.interact(
        fixture('block-actions-button', {
          ...base,
          channel: 'C0GROEP07',
          message_ts: promptTs,
          response_url: `${app.slack.origin}/respond/1`,
          action_id: 'vv_answer',
          value: roundId,
        }),
      );
      const submission = fixture<{ view: { state: { values: unknown } } }>('view-submission', {
        ...base,
        callback_id: 'vv_answers',
        private_metadata: JSON.stringify({ roundId }),
      });
      submission.view.state.values = { q_evidence: { answer: { type: 'plain_text_input', value: 'De Cito-scores' } } };
      expect(await (await app.interact(submission)).json()).toMatchObject({ response_action: 'update' });
      const replies = await t.store.replies.listByRound(organisationId, roundId);
      expect(replies.map((r) => [r.questionKey, r.source]).sort()).toEqual([
        ['evidence', 'form'],
        ['next_steps', 'thread'],
      ]);
      expect(
        await t.store.actions.listByTeam(
          organisationId,
          (await t.store.rounds.get(organisationId, roundId))?.teamId ?? '',
        ),
      ).toHaveLength(1);
    });

    it('stores a message once when Slack delivers it several times at the same moment', async () => {
      const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
      const ts = newTs();
      const message = threadMessage(ANOUK, '3: De methodetoetsen', ts, promptTs);
      // Retries of one event, and the same message ts under other event ids, all in flight together.
      const responses = await Promise.all([
        app.event(message),
        app.event(message, { retryNum: 1 }),
        app.event(message, { retryNum: 2 }),
        app.event(threadMessage(ANOUK, '3: De methodetoetsen', ts, promptTs, 'EvCONCUR01')),
        app.event(threadMessage(ANOUK, '3: De methodetoetsen', ts, promptTs, 'EvCONCUR02')),
      ]);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const replies = await t.store.replies.listByRound(organisationId, roundId);
      expect(replies).toMatchObject([
        { questionKey: 'evidence', text: 'De methodetoetsen', platformMessageId: `C0GROEP07:${ts}` },
      ]);
      // A reply without a question number is kept as a general remark of the round.
      await app.event(threadMessage(ANOUK, 'Fijn dat we dit bespreken', newTs(), promptTs));
      expect((await t.store.replies.listByRound(organisationId, roundId)).map((r) => r.questionKey)).toEqual(
        expect.arrayContaining(['evidence', null]),
      );
      expect(app.slack.callsTo('chat.postEphemeral')).toHaveLength(0);
    });

    it('keeps an installation sealed in the slack_installations table', async () => {
      if (!t.db) return;
      const { organisationId } = await bindAndOpenRound(app);
      const repository = slackInstallationRepository(t.db);
      const at = new Date('2026-01-05T08:00:00.000Z');
      await repository.save({
        teamId: 'T0SQL',
        enterpriseId: null,
        organisationId,
        botUserId: 'U0B',
        sealed: 'v1:a:b:c',
        installedAt: at,
        updatedAt: at,
      });
      await repository.save({
        teamId: 'T0SQL',
        enterpriseId: null,
        organisationId,
        botUserId: 'U0B2',
        sealed: 'v1:d:e:f',
        installedAt: new Date(),
        updatedAt: new Date(),
      });
      expect(await repository.find('T0SQL')).toMatchObject({ botUserId: 'U0B2', sealed: 'v1:d:e:f', installedAt: at });
      await repository.remove('T0SQL');
      expect(await repository.find('T0SQL')).toBeNull();
    });
  },
  STORES.filter((kind) => kind.name !== 'memory'),
);
