import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { createLogger } from '../../src/logger.js';
import { migrateDown, migrateToLatest } from '../../src/store/migrate.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { TEST_DATABASE_URL } from '../support/db.js';

/** One sample's value from Prometheus text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const schema = `t_metrics_${Math.random().toString(36).slice(2, 10)}`;
const targets = [
  { name: 'pglite', env: { DATA_DIR: 'memory://' }, schema: undefined },
  { name: 'postgres', env: { DATABASE_URL: TEST_DATABASE_URL }, schema },
];

for (const target of targets) {
  describe(`/metrics [${target.name}]`, () => {
    let running: Running;
    beforeAll(async () => {
      const config = loadConfig({
        ...target.env,
        PORT: '0',
        METRICS_PORT: '0',
        SEED_DEMO: 'true',
        LOG_LEVEL: 'silent',
        TICK_CRON: '* * * * * *',
      });
      running = await startVijfVragen(config, {
        log: createLogger('silent'),
        ...(target.schema ? { schema: target.schema } : {}),
      });
    }, 120_000);
    afterAll(async () => {
      await running?.stop();
      if (target.schema) {
        const pg = (await import('pg')).default;
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(`drop schema if exists ${target.schema} cascade`);
        await client.end();
      }
    });

    it('/healthz says alive; /readyz says ready only while the database answers and its migrations are current', async () => {
      expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${running.url}/readyz`)).json()).toEqual({ status: 'ready', database: target.name });
      const options = target.schema ? { schema: target.schema } : {};
      const [undone] = await migrateDown(running.app.database.db, options);
      const behind = await fetch(`${running.url}/readyz`);
      expect(behind.status).toBe(503);
      expect(await behind.json()).toEqual({ status: 'migrations pending', database: target.name, pending: [undone] });
      await migrateToLatest(running.app.database.db, options);
      expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    });

    it('is served on its own port only, never on the public one', async () => {
      expect(running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(new URL(running.metricsUrl ?? '').port).not.toBe(new URL(running.url).port);
      expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
      const response = await fetch(running.metricsUrl ?? '');
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toContain('nodejs_eventloop_lag_seconds');
    });

    it('counts requests by route template and status, with latency, never by raw path', async () => {
      const unmatchedBefore =
        sample(await (await fetch(running.metricsUrl ?? '')).text(), 'vijfvragen_http_requests_total', {
          route: 'unmatched',
          status: '404',
        }) ?? 0;
      await fetch(`${running.url}/healthz`);
      await fetch(`${running.url}/web/channels/some-id-123`, { redirect: 'manual' });
      await fetch(`${running.url}/no/such/page`);
      const text = await (await fetch(running.metricsUrl ?? '')).text();
      expect(
        sample(text, 'vijfvragen_http_requests_total', { route: '/healthz', status: '200' }),
      ).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'vijfvragen_http_requests_total', { route: '/web/channels/:id', status: '303' })).toBe(1);
      expect(sample(text, 'vijfvragen_http_requests_total', { route: 'unmatched', status: '404' })).toBe(
        unmatchedBefore + 1,
      );
      expect(
        sample(text, 'vijfvragen_http_request_duration_seconds_count', { route: '/healthz', status: '200' }),
      ).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain('some-id-123');
      expect(text).not.toContain('/no/such/page');
    });

    it('counts new replies per platform, and shows the delivery queue, its oldest due post, ticks and the pool', async () => {
      const { deps, store } = running.app;
      const [organisation] = await store.organisations.list();
      const organisationId = organisation?.id ?? '';
      const teams = await store.teams.list(organisationId);
      let member: { teamId: string; personId: string } | null = null;
      for (const person of await store.people.list(organisationId)) {
        const grant = (await store.people.roles(organisationId, person.id)).find(
          (g) => g.role === 'member' && g.scope.kind === 'team',
        );
        if (grant && grant.scope.kind === 'team') member = { teamId: grant.scope.teamId, personId: person.id };
        if (member) break;
      }
      expect(member && teams.some((t) => t.id === member.teamId)).toBe(true);
      const opened = await openRound(deps, {
        organisationId,
        teamId: member?.teamId ?? '',
        trigger: 'ad_hoc',
        triggeredBy: null,
        template: null,
        theme: 'metrics',
      });
      if (!opened.ok) throw new Error(opened.code);
      const before = sample(await (await fetch(running.metricsUrl ?? '')).text(), 'vijfvragen_replies_ingested_total', {
        platform: 'web',
      });
      expect(before).toBe(0);
      const answered = await recordAnswers(deps, {
        organisationId,
        roundId: opened.value.round.id,
        personId: member?.personId ?? '',
        answers: [
          { key: 'right_things', text: 'Ja' },
          { key: 'done_well', text: 'Grotendeels' },
        ],
        source: 'web',
        platform: 'web',
      });
      expect(answered.ok).toBe(true);
      // Answering again with the same text stores nothing new.
      await recordAnswers(deps, {
        organisationId,
        roundId: opened.value.round.id,
        personId: member?.personId ?? '',
        answers: [{ key: 'right_things', text: 'Ja' }],
        source: 'web',
        platform: 'web',
      });

      // Wait for one tick to have run (the tick runs every second here).
      let text = '';
      for (let i = 0; i < 600 && !text.includes('vijfvragen_tick_duration_seconds_count'); i += 1) {
        text = await (await fetch(running.metricsUrl ?? '')).text();
        if (!text.includes('vijfvragen_tick_duration_seconds_count'))
          await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sample(text, 'vijfvragen_replies_ingested_total', { platform: 'web' })).toBe(2);
      expect(sample(text, 'vijfvragen_replies_ingested_total', { platform: 'slack' })).toBe(0);
      const deliveries = ['pending', 'sending', 'sent', 'failed', 'unclear', 'skipped'].map(
        (status) => sample(text, 'vijfvragen_deliveries', { status }) ?? Number.NaN,
      );
      // The round's prompt went into the queue for the team's channel(s).
      expect(deliveries.every(Number.isFinite)).toBe(true);
      expect(deliveries.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(opened.value.deliveries);
      expect(sample(text, 'vijfvragen_delivery_oldest_due_age_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'vijfvragen_tick_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'vijfvragen_tick_lag_seconds')).toBeGreaterThanOrEqual(0);
      if (target.name === 'postgres')
        expect(sample(text, 'vijfvragen_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      else expect(sample(text, 'vijfvragen_db_pool_connections', { state: 'total' })).toBeUndefined();
    }, 120_000);
  });
}

describe('METRICS_PORT', () => {
  it('is off by default and may not be the public port', () => {
    expect(loadConfig({}).metrics).toBeNull();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(() => loadConfig({ PORT: '9464', METRICS_PORT: '9464' })).toThrow(/METRICS_PORT: must differ from PORT/);
  });
});
