import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardRoutes } from '../../src/bot/dashboard/dashboard-routes.js';
import { createDigestService } from '../../src/services/digest-service.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { signWebToken } from '../../src/bot/web/session.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { slackInstallationRepository } from '../../src/store/slack-installation-repository.js';
import { anAction, aPerson } from '../integration/builders.js';
import { seedScheduledBoard, testDeps } from '../support/builders.js';
import { fixture } from '../support/slack-requests.js';
import { ADMIN, ANOUK, CHANNEL, addPeople, bindAndOpenRound, newTs, threadMessage } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { countRows, freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';

const SECRET = 'test-token-secret-test-token-secret-0000';

/**
 * Scenario 9: organisation A (a Slack workspace) reaching for organisation B's rounds,
 * schedules, actions and teams through every door it has: slash commands with B's ids, buttons
 * and modal submissions carrying B's round, a thread reply, dashboard pages, action updates,
 * chart links and a link token from another secret. Every attempt is refused and B is unchanged.
 */
describe('fault 9: cross-organisation attempts', () => {
  let database: FreshDatabase;
  let app: SlackTestApp;
  let dashboard: Server;
  let dashboardUrl = '';
  beforeAll(async () => {
    database = await freshDatabase();
    app = await startSlackTestApp({ store: database.store, installations: slackInstallationRepository(database.db) });
    addPeople(app);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => dashboard.close(() => resolve()));
    await app.close();
    await database.drop();
  });

  it('refuses every attempt and leaves B untouched', async () => {
    const a = await bindAndOpenRound(app);
    const store = database.store;
    const b = await seedScheduledBoard(store, {
      teams: 1,
      platform: 'web',
      createdAt: new Date('2026-11-01T00:00:00Z'),
    });
    const bDeps = testDeps(store, app.deps.clock);
    const bTeam = b.teams[0];
    if (!bTeam) throw new Error('no team in B');
    const bRound = await openRound(bDeps, {
      organisationId: b.organisationId,
      teamId: bTeam.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      theme: 'geheim van B',
    });
    if (!bRound.ok) throw new Error(bRound.code);
    const bPerson = aPerson(b.organisationId, { displayName: 'Bea van B' });
    await store.people.create(bPerson);
    const bAction = anAction(b.organisationId, bTeam.id, { title: 'Actie van B' });
    await store.actions.create(bAction);
    const snapshotB = async () =>
      JSON.stringify({
        rounds: await store.rounds.list(b.organisationId),
        schedules: await store.schedules.list(b.organisationId),
        actions: await store.actions.list(b.organisationId),
        replies: await store.replies.listByRound(b.organisationId, bRound.value.round.id),
        audit: await store.audit.list(b.organisationId, 1000),
      });
    const before = await snapshotB();

    const attempts: { door: string; status: number; body: string }[] = [];
    const record = async (door: string, response: Response) =>
      attempts.push({ door, status: response.status, body: await response.text() });
    const bRoundId = bRound.value.round.id;
    for (const text of [
      `schema pauzeer ${b.schedule.id}`,
      `schema verwijder ${b.schedule.id}`,
      `schema hervat ${b.schedule.id}`,
      `acties klaar ${bAction.id}`,
      `koppel ${bTeam.name}`,
    ]) {
      await record(`command: ${text.split(' ').slice(0, 2).join(' ')}`, await app.command(text, ADMIN, CHANNEL));
    }
    const click = (actionId: string, value: string) =>
      app.interact(
        fixture('block-actions-button', {
          team: WORKSPACE.teamId,
          user: ANOUK,
          user_name: 'anouk',
          channel: CHANNEL,
          message_ts: a.promptTs,
          trigger_id: 'trig',
          response_url: `${app.slack.origin}/respond/x`,
          action_id: actionId,
          value,
        }),
      );
    await record('button: answer B round', await click('vv_answer', bRoundId));
    const submission = fixture<{ view: { state: { values: unknown } } }>('view-submission', {
      team: WORKSPACE.teamId,
      user: ANOUK,
      user_name: 'anouk',
      trigger_id: 'trig',
      callback_id: 'vv_answers',
      private_metadata: JSON.stringify({ roundId: bRoundId }),
    });
    submission.view.state.values = {
      q_evidence: { answer: { type: 'plain_text_input', value: 'Ingebroken antwoord' } },
    };
    await record('modal: answers for B round', await app.interact(submission));
    await record(
      'thread reply under B prompt ref',
      await app.event(threadMessage(ANOUK, 'Ingebroken draadantwoord', newTs(), bRoundId)),
    );
    const bModals = app.slack.callsTo('views.open').filter((c) => JSON.stringify(c.params).includes(bRoundId)).length;

    // The dashboard, as A's coordinator (a valid session of organisation A).
    const config = {
      publicUrl: 'http://placeholder',
      tokenSecret: SECRET,
      minGroupSize: 3,
      digestAt: { weekday: 1, hour: 7, minute: 30 },
    };
    const digest = createDigestService(app.deps, config, chartPng);
    const web = express().use(
      createDashboardRoutes({
        deps: app.deps,
        digest,
        tokenSecret: SECRET,
        digestAt: config.digestAt,
        localPicker: false,
      }),
    );
    dashboard = await new Promise<Server>((resolve) => {
      const s = web.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = dashboard.address();
    dashboardUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const admin = await store.people.findByIdentity('slack', WORKSPACE.teamId, ADMIN);
    const cookie = `vv_session=${await signWebToken(SECRET, { organisationId: a.organisationId, personId: admin?.id ?? '' }, 'session', 600)}`;
    const headers = { cookie };
    expect((await fetch(`${dashboardUrl}/dashboard`, { headers })).status).toBe(200);
    await record('dashboard: B team page', await fetch(`${dashboardUrl}/dashboard/teams/${bTeam.id}`, { headers }));
    await record(
      'dashboard: B team chart',
      await fetch(`${dashboardUrl}/dashboard/teams/${bTeam.id}/chart.png`, { headers }),
    );
    await record(
      'dashboard: update B action',
      await fetch(`${dashboardUrl}/dashboard/actions/${bAction.id}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'status=done',
      }),
    );
    await record(
      'link: B digest chart',
      await fetch(`${dashboardUrl}/charts/digest/${b.organisationId}/${bPerson.id}/2026-W48.png`, { headers }),
    );
    const foreign = `vv_session=${await signWebToken('another-secret-another-secret-another!!', { organisationId: b.organisationId, personId: bPerson.id }, 'session', 600)}`;
    await record(
      'dashboard: session signed elsewhere',
      await fetch(`${dashboardUrl}/dashboard`, { headers: { cookie: foreign }, redirect: 'manual' }),
    );

    const after = await snapshotB();
    const leaks = attempts
      .filter((x) => /geheim van B|Actie van B|Bea van B/.test(x.body) || x.body.includes(bRoundId))
      .map((x) => x.door);
    const dashboardAllowed = attempts
      .filter((x) => x.door.startsWith('dashboard') || x.door.startsWith('link'))
      .filter((x) => x.status === 200)
      .map((x) => x.door);
    const bRepliesAfter = (await store.replies.listByRound(b.organisationId, bRoundId)).length;
    printFigures('9 cross-organisation attempts', {
      sent: attempts.length,
      stored: bRepliesAfter,
      duplicated: 0,
      lost: 0,
      refused: attempts.length - leaks.length - dashboardAllowed.length,
      bModalsOpened: bModals,
      leaks: leaks.join(',') || 'none',
      dashboardAllowed: dashboardAllowed.join(',') || 'none',
      auditRowsTotal: await countRows(database.db, 'audit_log'),
    });
    expect(after).toEqual(before);
    expect(leaks).toEqual([]);
    expect(dashboardAllowed).toEqual([]);
    expect(bModals).toBe(0);
    expect(bRepliesAfter).toBe(0);
  });
});
