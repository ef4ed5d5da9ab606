import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startFakeSlackApi, type FakeSlackApi } from '../test/support/fake-slack-api.js';
import { commandBody, fixture, postSigned } from '../test/support/slack-requests.js';
import { closedLoop, freePort, openLoop, sleep, startChild, type Child, type LoadFigures } from './bench-support.js';
import { startCpuMeter, type CpuFigures } from './cpu-meter.js';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const WORKSPACE = { teamId: 'T0BENCH01', teamName: 'Stichting Bench', botToken: 'xoxb-bench-token', botUserId: 'U0BENCHBOT', botId: 'B0BENCH' };
const CHANNEL = 'C0BENCH01';
const ADMIN = 'U0BADMIN1';
const USERS = Array.from({ length: 40 }, (_, i) => `U0BU${String(i).padStart(5, '0')}`);

export interface IngestRow {
  target: 'vijfvragen' | 'baseline';
  load: string;
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
}

let seq = 0;
const nextTs = () => `${1_790_000_000 + Math.floor(seq / 1000)}.${String((seq += 1) % 1_000_000).padStart(6, '0')}`;

function threadReply(threadTs: string, i: number): string {
  const ts = nextTs();
  const user = USERS[i % USERS.length] ?? ADMIN;
  return JSON.stringify(fixture('event-message-thread', {
    team: WORKSPACE.teamId, bot_user: WORKSPACE.botUserId, channel: CHANNEL, user, ts, thread_ts: threadTs,
    text: `Antwoord ${i}: de leesresultaten van groep 7 stijgen`, event_id: `EvB${randomUUID().replace(/-/g, '').slice(0, 20)}`,
  }));
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
  const command = (text: string) => postSigned(eventsUrl, SECRET, commandBody(fixture<Record<string, string>>('command-vijfvragen', {
    team: WORKSPACE.teamId, channel: CHANNEL, channel_name: 'groep-7', user: ADMIN, user_name: 'admin', text, response_url: `${slack.origin}/respond/bench`, trigger_id: 'trigger-bench',
  })), 'application/x-www-form-urlencoded');
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

async function measure(target: IngestRow['target'], server: Child, eventsUrl: string, threadTs: string, options: IngestOptions, stored: () => Promise<number>): Promise<IngestRow[]> {
  const rows: IngestRow[] = [];
  let i = 0;
  // Warm-up, not measured: every user once (the first reply of a person looks them up with
  // users.info), then enough requests for both processes' JIT and connection pools to settle.
  for (const _ of USERS) await send(eventsUrl, threadReply(threadTs, i++));
  await closedLoop(options.warmup, 8, () => send(eventsUrl, threadReply(threadTs, i++)));
  const run = async (load: string, drive: () => Promise<LoadFigures>) => {
    const before = await stored();
    const meter = await startCpuMeter(server.process.pid ?? 0, options.databaseUrl);
    const figures = await drive();
    const cpu = await meter.stop(figures.requests);
    rows.push({ target, load, figures, stored: (await stored()) - before, cpu });
  };
  for (const concurrency of options.concurrencies) {
    await run(`${concurrency} concurrent`, () => closedLoop(options.requestsPerRun, concurrency, () => send(eventsUrl, threadReply(threadTs, i++))));
  }
  await run(`${options.rate.perSecond}/s fixed rate`, () => openLoop(options.rate.perSecond, options.rate.seconds, () => send(eventsUrl, threadReply(threadTs, i++))));
  return rows;
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
    const ours = await startChild(['bin/vijfvragen.js', 'start'], {
      DATABASE_URL: options.databaseUrl, SLACK_BOT_TOKEN: WORKSPACE.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url,
      TOKEN_SECRET: 'bench-token-secret-bench-token-secret-00', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DELIVERY_POLL_MS: '200',
    }, `http://127.0.0.1:${port}/healthz`);
    children.push(ours);
    const oursUrl = `http://127.0.0.1:${port}/slack/events`;
    const threadTs = await openRoundThroughSlack(oursUrl, slack);
    const rows = await measure('vijfvragen', ours, oursUrl, threadTs, options, () => count(options.databaseUrl, 'select count(*) as n from replies'));
    await ours.stop();

    const basePort = await freePort();
    const baseline = await startChild(['bin/run-ts.js', 'bench/baseline-bolt.ts'], {
      DATABASE_URL: options.databaseUrl, SLACK_BOT_TOKEN: WORKSPACE.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, PORT: String(basePort),
    }, `http://127.0.0.1:${basePort}/`);
    children.push(baseline);
    rows.push(...(await measure('baseline', baseline, `http://127.0.0.1:${basePort}/slack/events`, threadTs, options, () => count(options.databaseUrl, 'select count(*) as n from baseline_events'))));
    await baseline.stop();
    return rows;
  } finally {
    for (const child of children) await child.stop('SIGKILL');
    await slack.close();
  }
}
