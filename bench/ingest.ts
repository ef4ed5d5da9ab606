import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startFakeSlackApi, type FakeSlackApi } from '../test/support/fake-slack-api.js';
import { commandBody, fixture, postSigned } from '../test/support/slack-requests.js';
import {
  closedLoop,
  freePort,
  openLoop,
  sleep,
  startChild,
  startCommandArgs,
  type Child,
  type LoadFigures,
} from './bench-support.js';
import { startCpuMeter, type CpuFigures } from './cpu-meter.js';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const WORKSPACE = {
  teamId: 'T0BENCH01',
  teamName: 'Stichting Bench',
  botToken: 'xoxb-bench-token',
  botUserId: 'U0BENCHBOT',
  botId: 'B0BENCH',
};
const CHANNEL = 'C0BENCH01';
const ADMIN = 'U0BADMIN1';
const USERS = Array.from({ length: 40 }, (_, i) => `U0BU${String(i).padStart(5, '0')}`);

export interface IngestRow {
  target: 'vijfvragen' | 'baseline';
  load: string;
  /** Which of the interleaved rounds (1, 2, …): each load runs Vijf Vragen, then the baseline, `rounds` times. */
  round: number;
  figures: LoadFigures;
  /** Rows in the database afterwards that this load added; must equal acknowledged requests. */
  stored: number;
  /** CPU per request of the server process and of its PostgreSQL backends. */
  cpu: CpuFigures;
}

export interface IngestOptions {
  databaseUrl: string;
  concurrencies: number[];
  requestsPerRun: number;
  /** Unmeasured requests before the first load, for each target. */
  warmup: number;
  /** Open-loop rate and duration for the p99 target (500 requests per second). */
  rate: { perSecond: number; seconds: number };
  /** Rounds per load: Vijf Vragen and the baseline interleaved, A B A B … (at least 3 for a median with a spread). */
  rounds: number;
}

let seq = 0;
const nextTs = () => `${1_790_000_000 + Math.floor(seq / 1000)}.${String((seq += 1) % 1_000_000).padStart(6, '0')}`;

function threadReply(threadTs: string, i: number): string {
  const ts = nextTs();
  const user = USERS[i % USERS.length] ?? ADMIN;
  return JSON.stringify(
    fixture('event-message-thread', {
      team: WORKSPACE.teamId,
      bot_user: WORKSPACE.botUserId,
      channel: CHANNEL,
      user,
      ts,
      thread_ts: threadTs,
      text: `Antwoord ${i}: de leesresultaten van groep 7 stijgen`,
      event_id: `EvB${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    }),
  );
}

async function send(url: string, body: string): Promise<boolean> {
  const response = await postSigned(url, SECRET, body, 'application/json');
  await response.arrayBuffer();
  return response.status === 200;
}

function fakeWorkspace(slack: FakeSlackApi): void {
  slack.addWorkspace(WORKSPACE);
  slack.addUser(WORKSPACE.teamId, { id: ADMIN, name: 'Bench admin', is_admin: true });
  slack.addUser(WORKSPACE.teamId, { id: WORKSPACE.botUserId, name: 'vijfvragen', is_bot: true });
  for (const user of USERS) slack.addUser(WORKSPACE.teamId, { id: user, name: `Leraar ${user}` });
  slack.setMembers(CHANNEL, [ADMIN, WORKSPACE.botUserId, ...USERS]);
}

async function count(databaseUrl: string, query: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(query)).rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** Binds the channel and opens a round through signed slash commands; returns the prompt's ts. */
async function openRoundThroughSlack(eventsUrl: string, slack: FakeSlackApi): Promise<string> {
  const command = (text: string) =>
    postSigned(
      eventsUrl,
      SECRET,
      commandBody(
        fixture<Record<string, string>>('command-vijfvragen', {
          team: WORKSPACE.teamId,
          channel: CHANNEL,
          channel_name: 'groep-7',
          user: ADMIN,
          user_name: 'admin',
          text,
          response_url: `${slack.origin}/respond/bench`,
          trigger_id: 'trigger-bench',
        }),
      ),
      'application/x-www-form-urlencoded',
    );
  for (const text of ['koppel Groep 7', 'ronde begrijpend lezen']) {
    const response = await command(text);
    if (response.status !== 200) throw new Error(`bench: "${text}" answered ${response.status}`);
  }
  for (let i = 0; i < 200; i += 1) {
    const prompt = slack.posts(CHANNEL).find((m) => m.metadata?.event_type === 'vijfvragen_delivery' && !m.thread_ts);
    if (prompt) return prompt.ts;
    await sleep(100);
  }
  throw new Error('bench: the round prompt was never posted');
}

interface Target {
  target: IngestRow['target'];
  server: Child;
  eventsUrl: string;
  stored: () => Promise<number>;
}

/**
 * Warm-up, not measured: every user once (the first reply of a person looks them up with
 * users.info), then enough requests for the process's JIT and connection pool to settle.
 */
async function warmUp(t: Target, threadTs: string, options: IngestOptions, next: () => number): Promise<void> {
  for (const _ of USERS) await send(t.eventsUrl, threadReply(threadTs, next()));
  await closedLoop(options.warmup, 8, () => send(t.eventsUrl, threadReply(threadTs, next())));
}

async function measureOnce(
  t: Target,
  load: string,
  round: number,
  databaseUrl: string,
  drive: (send: () => Promise<boolean>) => Promise<LoadFigures>,
  threadTs: string,
  next: () => number,
): Promise<IngestRow> {
  const before = await t.stored();
  const meter = await startCpuMeter(t.server.process.pid ?? 0, databaseUrl);
  const figures = await drive(() => send(t.eventsUrl, threadReply(threadTs, next())));
  const cpu = await meter.stop(figures.requests);
  return { target: t.target, load, round, figures, stored: (await t.stored()) - before, cpu };
}

/**
 * (a) Reply ingestion: signed thread replies to POST /slack/events of the real server (its own
 * process, `node bin/vijfvragen.js start`) against a bare Bolt app that only inserts the event.
 */
export async function benchIngest(options: IngestOptions): Promise<IngestRow[]> {
  const slack = await startFakeSlackApi();
  fakeWorkspace(slack);
  const children: Child[] = [];
  try {
    const port = await freePort();
    const ours = await startChild(
      startCommandArgs(),
      {
        DATABASE_URL: options.databaseUrl,
        SLACK_BOT_TOKEN: WORKSPACE.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.url,
        TOKEN_SECRET: 'bench-token-secret-bench-token-secret-00',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DELIVERY_POLL_MS: '200',
      },
      `http://127.0.0.1:${port}/healthz`,
    );
    children.push(ours);
    const oursUrl = `http://127.0.0.1:${port}/slack/events`;
    const threadTs = await openRoundThroughSlack(oursUrl, slack);

    const basePort = await freePort();
    const baseline = await startChild(
      ['bin/run-ts.js', 'bench/baseline-bolt.ts'],
      {
        DATABASE_URL: options.databaseUrl,
        SLACK_BOT_TOKEN: WORKSPACE.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.url,
        PORT: String(basePort),
      },
      `http://127.0.0.1:${basePort}/`,
    );
    children.push(baseline);
    const targets: Target[] = [
      {
        target: 'vijfvragen',
        server: ours,
        eventsUrl: oursUrl,
        stored: () => count(options.databaseUrl, 'select count(*) as n from replies'),
      },
      {
        target: 'baseline',
        server: baseline,
        eventsUrl: `http://127.0.0.1:${basePort}/slack/events`,
        stored: () => count(options.databaseUrl, 'select count(*) as n from baseline_events'),
      },
    ];
    let i = 0;
    const next = () => i++;
    for (const t of targets) await warmUp(t, threadTs, options, next);

    // Both processes stay up; each load runs Vijf Vragen, then the baseline, `rounds` times, so a
    // busy moment on a shared machine falls on both alike and the ratio of each pair is fair.
    const loads: [string, (send: () => Promise<boolean>) => Promise<LoadFigures>][] = [
      ...options.concurrencies.map((c): [string, (send: () => Promise<boolean>) => Promise<LoadFigures>] => [
        `${c} concurrent`,
        (sendOne) => closedLoop(options.requestsPerRun, c, sendOne),
      ]),
      [
        `${options.rate.perSecond}/s fixed rate`,
        (sendOne) => openLoop(options.rate.perSecond, options.rate.seconds, sendOne),
      ],
    ];
    const rows: IngestRow[] = [];
    for (const [load, drive] of loads)
      for (let round = 1; round <= options.rounds; round += 1)
        for (const t of targets)
          rows.push(await measureOnce(t, load, round, options.databaseUrl, drive, threadTs, next));
    await ours.stop();
    await baseline.stop();
    return rows;
  } finally {
    for (const child of children) await child.stop('SIGKILL');
    await slack.close();
  }
}
