import { freePort, startChild, type Child } from '../../bench/bench-support.js';
import { FAULT_WORKSPACE } from './slack-worker.js';

export interface BotProcess extends Child {
  readonly url: string;
}

/**
 * The bot as it runs in production, `node bin/vijfvragen.js start`, configured by environment
 * variables only, against the fake Slack in the test process (which outlives it).
 */
export async function startBotProcess(
  databaseUrl: string,
  slackApiUrl: string,
  extra: Record<string, string> = {},
): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startChild(
    ['bin/vijfvragen.js', 'start'],
    {
      DATABASE_URL: databaseUrl,
      SLACK_BOT_TOKEN: FAULT_WORKSPACE.botToken,
      SLACK_SIGNING_SECRET: BOT_SIGNING_SECRET,
      SLACK_API_URL: slackApiUrl,
      TOKEN_SECRET: 'fault-token-secret-fault-token-secret-00',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DELIVERY_POLL_MS: '100',
      DELIVERY_LEASE_MS: '3000',
      ...extra,
    },
    `${url}/healthz`,
    120_000,
  );
  return { ...child, url };
}

export const BOT_SIGNING_SECRET = 'fault-signing-secret-0123456789ab';
