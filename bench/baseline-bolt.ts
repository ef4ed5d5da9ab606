// The ingestion baseline: a bare Bolt app that only inserts each event into PostgreSQL before
// it acknowledges (processBeforeResponse), run as its own process like the real server.
import bolt from '@slack/bolt';
import pg from 'pg';

const { App, ExpressReceiver } = bolt;
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`baseline: ${name} is required`);
  return value;
};

const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 10 });
await pool.query(
  'create table if not exists baseline_events (event_id text primary key, body jsonb not null, received_at timestamptz not null default now())',
);
const receiver = new ExpressReceiver({ signingSecret: env('SLACK_SIGNING_SECRET'), processBeforeResponse: true });
const app = new App({ receiver, token: env('SLACK_BOT_TOKEN'), clientOptions: { slackApiUrl: env('SLACK_API_URL') } });
app.event('message', async ({ body }) => {
  const eventId = (body as { event_id?: string }).event_id ?? '';
  await pool.query('insert into baseline_events (event_id, body) values ($1, $2) on conflict do nothing', [
    eventId,
    JSON.stringify(body),
  ]);
});
receiver.app.get('/', (_req, res) => void res.send('baseline'));
await app.start(Number(env('PORT')));
process.on(
  'SIGTERM',
  () =>
    void app
      .stop()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
