import { pino, type Logger as PinoLogger } from 'pino';

/**
 * Keys whose values are secrets wherever they appear: platform tokens, client and signing
 * secrets, passwords, auth headers and cookies, our own keys, and the database URL (it may hold
 * a password).
 */
const SECRET_KEYS = [
  'token', 'botToken', 'bot_token', 'userToken', 'user_token', 'appToken', 'app_token', 'accessToken', 'access_token',
  'refreshToken', 'refresh_token', 'idToken', 'id_token', 'password', 'appPassword', 'clientSecret', 'client_secret',
  'signingSecret', 'signing_secret', 'stateSecret', 'state_secret', 'secret', 'tokenSecret', 'encryptionKey', 'sealed',
  'authorization', 'Authorization', 'cookie', 'Cookie', '["set-cookie"]', '["x-slack-signature"]', 'databaseUrl',
];

/**
 * Pino's redaction matches paths, not key names, and a leading `*` spans one level only; so each
 * key is listed at the top level (`log.info({ token })`) and one and two levels down
 * (`{ slack: { botToken } }`, `{ req: { headers: { authorization } } }`). Deeper secrets need a
 * path of their own; test/unit/privacy-secrets.test.ts holds the shapes we log.
 */
const anyDepth = (key: string): string[] => {
  const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key.startsWith('[') ? key.slice(2, -2) : key, join('*'), join('*.*')];
};

/** Paths whose values never reach a log line: tokens, secrets, passwords, auth headers. */
export const REDACTED_PATHS = [
  ...SECRET_KEYS.flatMap(anyDepth),
  // Whole sections of the configuration: every value in them is a credential or next to one.
  'config.slack', 'config.teams', '*.config.slack', '*.config.teams',
];

export type AppLogger = PinoLogger;

export function createLogger(level: string, destination?: NodeJS.WritableStream): AppLogger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { app: 'vijfvragen' } };
  return destination ? pino(options, destination as never) : pino(options);
}
