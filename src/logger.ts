import { pino, type Logger as PinoLogger } from 'pino';

/**
 * Keys whose values are secrets wherever they appear: platform tokens, client and signing
 * secrets, passwords, auth headers and cookies, our own keys, and the database URL (it may hold
 * a password).
 */
const SECRET_KEYS = [
  'token',
  'botToken',
  'bot_token',
  'userToken',
  'user_token',
  'appToken',
  'app_token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'password',
  'appPassword',
  'clientSecret',
  'client_secret',
  'signingSecret',
  'signing_secret',
  'stateSecret',
  'state_secret',
  'secret',
  'tokenSecret',
  'encryptionKey',
  'sealed',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  '["set-cookie"]',
  '["x-slack-signature"]',
  'databaseUrl',
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
  'config.slack',
  'config.teams',
  '*.config.slack',
  '*.config.teams',
];

/** Field names whose values are secrets when they turn up inside a logged string. */
const SECRET_FIELDS = [
  'client_secret',
  'clientSecret',
  'signing_secret',
  'state_secret',
  'token',
  'access_token',
  'refresh_token',
  'bot_token',
  'app_token',
  'id_token',
  'password',
  'appPassword',
  'MicrosoftAppPassword',
  'TOKEN_SECRET',
  'ENCRYPTION_KEY',
].join('|');

/**
 * Secrets in places no key path reaches: an error message quoting a URL with a password, a
 * header echoed in a response body, a token pasted into a chat message that gets logged.
 * Applied to every finished line, after the path redaction, by their recognisable shape.
 */
const SECRET_SHAPES: readonly [RegExp, string][] = [
  // Slack bot, user, app-level, refresh and configuration tokens.
  [/\bxox[a-z]-[A-Za-z0-9-]{6,}/g, 'xox-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]{6,}/g, 'xapp-[redacted]'],
  // Authorization header values, wherever they were copied to.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  // user:password@ in a connection URL.
  [/(\/\/[^:/\s"@]+:)[^@\s"]+@/g, '$1[redacted]@'],
  // A secret-named field inside a logged string: JSON (escaped or not) such as Bolt's debug
  // "http request body: {\"client_secret\":\"…\"}", or a form body "client_secret=…".
  [new RegExp(`(\\\\?"(?:${SECRET_FIELDS})\\\\?"\\s*:\\s*\\\\?")(?:[^"\\\\]|\\\\(?!"))+`, 'gi'), '$1[redacted]'],
  [new RegExp(`\\b((?:${SECRET_FIELDS})=)[^&\\s"\\\\]+`, 'gi'), '$1[redacted]'],
];

/** Masks secret-shaped strings in one serialised log line. */
export function scrubSecrets(line: string): string {
  let out = line;
  for (const [shape, replacement] of SECRET_SHAPES) out = out.replace(shape, replacement);
  return out;
}

/**
 * Pino redacts by writing the censor into the logged object and restoring the value afterwards,
 * which throws on a frozen object: `log.info({ config })` would crash, since the configuration
 * is deeply frozen. Frozen plain objects on the way to a secret are copied first; everything
 * else is passed through untouched, so the common log line costs nothing extra.
 */
function thawFrozen(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(record)) {
    const thawed = thawFrozen(record[key], depth + 1);
    if (thawed === record[key]) continue;
    copy ??= { ...record };
    copy[key] = thawed;
  }
  return copy ?? (Object.isFrozen(record) ? { ...record } : record);
}

export type AppLogger = PinoLogger;

export interface LoggerOptions {
  /**
   * Let names and message bodies through (LOG_PERSONAL_DATA=true, for debugging with the
   * school's consent). Off by default at every level; secrets are masked either way.
   */
  personalData?: boolean;
}

/** The loggers made with personal data allowed; any other logger (children included) hides it. */
const personalDataLoggers = new WeakSet<object>();

/** Whether `log` may carry names and message bodies (see LoggerOptions.personalData). */
export function logsPersonalData(log: object): boolean {
  return personalDataLoggers.has(log);
}

/**
 * What a library's log line may say about a payload: its text up to the first JSON object or
 * array (Bolt, the Web API and Socket Mode append whole request and event bodies: names,
 * answers, OAuth parameters). The payload itself is replaced unless personal data is allowed.
 */
export function withoutPayload(line: string): string {
  const start = line.search(/[{[]/);
  return start === -1 ? line : `${line.slice(0, start)}[payload hidden; LOG_PERSONAL_DATA=true shows it]`;
}

export function createLogger(
  level: string,
  destination?: NodeJS.WritableStream,
  logOptions: LoggerOptions = {},
): AppLogger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { app: 'vijfvragen' },
    hooks: { streamWrite: scrubSecrets },
    formatters: { log: (object: Record<string, unknown>) => thawFrozen(object) as Record<string, unknown> },
  };
  const log = destination ? pino(options, destination as never) : pino(options);
  if (logOptions.personalData === true) personalDataLoggers.add(log);
  return log;
}
