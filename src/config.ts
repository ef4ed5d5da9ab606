import cron from 'node-cron';
import { z } from 'zod';
import { parseDayTime } from './day-time.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from './dialogues/time-zone.js';
import { AppError } from './app-error.js';
import { readSecretFiles } from './config-files.js';

export { readEnvironment } from './config-files.js';

/**
 * The one place that reads the environment. Every problem is reported together, each naming its
 * variable, and the result is frozen. See README "Configuration" for what each variable does.
 */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z.string().trim().min(1).optional();
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  // Which proxies in front may name the client (X-Forwarded-For); see parseTrustProxy.
  TRUST_PROXY: z
    .string()
    .trim()
    .default('loopback')
    .transform(parseTrustProxy)
    .pipe(
      z.union([z.literal(false), z.number(), z.array(z.string())], {
        error:
          'must be false, a number of proxies, or a comma-separated list of proxy addresses, subnets or loopback/linklocal/uniquelocal (not true)',
      }),
    ),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PERSONAL_DATA: flag.optional(),
  DEFAULT_LOCALE: z.enum(['nl', 'en']).default('nl'),
  DEFAULT_TIME_ZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Amsterdam'),
  SEED_DEMO: flag.optional(),
  WEB_CHANNEL: flag.optional(),
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Only for `vijfvragen token-secret rekey`: the secret the stored tokens were made with.
  PREVIOUS_TOKEN_SECRET: z.string().min(1).optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,}$/, 'must be 32 random bytes, base64 (openssl rand -base64 32)')
    .optional(),
  // Prometheus metrics on a port of their own, never on the public one; off unless set.
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  TICK_CRON: z
    .string()
    .default('*/15 * * * * *')
    .refine(
      (expression) => cron.validate(expression),
      'must be a node-cron expression with seconds, such as "*/15 * * * * *"',
    ),
  DELIVERY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  // How long a claimed delivery stays with the worker that claimed it; after a crash, that long
  // until another worker takes it over (and first looks in the channel whether it was posted).
  DELIVERY_LEASE_MS: z.coerce.number().int().min(2_000).max(3_600_000).default(120_000),
  // Posts the worker sends at once (to different conversations) and deliveries it claims per
  // batch. The defaults suit a board or two; one instance serving many workspaces needs more
  // (docs/benchmarks.md, section e).
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  DELIVERY_BATCH: z.coerce.number().int().min(1).max(1_000).default(25),
  MIN_GROUP_SIZE: z.coerce.number().int().min(1).max(50).default(3),
  DASHBOARD_LINK_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  DIGEST_AT: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d$/,
      'must be a weekday and a time such as "mon 07:30"',
    )
    .default('mon 07:30'),

  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SLACK_API_URL: z.url().optional(),

  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalText,
  TEAMS_ALLOWED_TENANTS: csv.optional(),
  TEAMS_LOCAL_NO_AUTH: flag.optional(),
  TEAMS_SSO_JWKS_URL: z.url().optional(),
  TEAMS_SSO_ISSUER: optionalText,
  TEAMS_SSO_AUDIENCE: optionalText,
});

export type Env = z.input<typeof schema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** Express's `trust proxy`: which proxies may name the client; rate limits count by that address. */
  readonly trustProxy: false | number | readonly string[];
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Names and message bodies may appear in logs (never by default, at any level). */
  readonly logPersonalData: boolean;
  readonly defaultLocale: 'nl' | 'en';
  readonly defaultTimeZone: string;
  /** No platform credentials: the local trial mode, on the loopback address only. */
  readonly localMode: boolean;
  readonly seedDemo: boolean;
  readonly webChannel: boolean;
  readonly tokenSecret: string;
  /** The secret to re-key from (`token-secret rekey`); null: the built-in trial secret. */
  readonly previousTokenSecret: string | null;
  readonly encryptionKey: string | null;
  readonly tickCron: string;
  /** Where GET /metrics is served (its own listener), or null when metrics are off. */
  readonly metrics: { readonly host: string; readonly port: number } | null;
  readonly deliveryPollMs: number;
  readonly deliveryLeaseMs: number;
  readonly deliveryConcurrency: number;
  readonly deliveryBatch: number;
  readonly minGroupSize: number;
  readonly dashboardLinkTtlMinutes: number;
  /** When the weekly leadership digest goes out, in each organisation's time zone (ISO weekday, 1 = Monday). */
  readonly digestAt: { readonly weekday: number; readonly hour: number; readonly minute: number };
  readonly slack: {
    readonly botToken: string | null;
    readonly signingSecret: string | null;
    readonly appToken: string | null;
    readonly clientId: string | null;
    readonly clientSecret: string | null;
    readonly stateSecret: string | null;
    readonly apiUrl: string | null;
    /** Single workspace (bot token), many through OAuth, or off. */
    readonly mode: 'off' | 'single' | 'oauth';
  };
  readonly teams: {
    readonly appId: string | null;
    readonly appPassword: string | null;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly appTenantId: string | null;
    readonly allowedTenants: readonly string[];
    /** Explicit opt-in to run the Teams endpoint without credentials (loopback only). */
    readonly localNoAuth: boolean;
    readonly ssoJwksUrl: string;
    readonly ssoIssuer: string | null;
    readonly ssoAudience: string | null;
    readonly enabled: boolean;
  };
}

/**
 * PORT=0 asks the system for a free port (tests do). Once bound, the configuration names that
 * port, and so does a PUBLIC_URL derived from HOST and PORT: links never point to `:0`.
 */
export function withBoundPort(config: Config, port: number): Config {
  if (config.port !== 0) return config;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const derived = config.publicUrl === `http://${host}:0`;
  return Object.freeze({ ...config, port, publicUrl: derived ? `http://${host}:${port}` : config.publicUrl });
}

/** Every problem of the configuration at once (code `config.invalid`), so an operator fixes them in one go. */
export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super('config.invalid', `Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * A fixed secret for the local trial mode only; any other mode must set TOKEN_SECRET. A database
 * keyed with it refuses a real TOKEN_SECRET until re-keyed (see token-secret.ts).
 */
export const BUILT_IN_TOKEN_SECRET = 'local-mode-only-not-secret-vijfvragen-0000';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const fromFiles = readSecretFiles(present, Object.keys(schema.shape));
  if (fromFiles.problems.length > 0) throw new ConfigError(fromFiles.problems);
  const parsed = schema.safeParse(fromFiles.values);
  if (!parsed.success) {
    // Every problem at once: the variables that do parse are still checked against each other
    // (the bad ones take their defaults for that), so one round of fixes is enough.
    const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')));
    const rest = schema.safeParse(
      Object.fromEntries(Object.entries(fromFiles.values).filter(([name]) => !bad.has(name))),
    );
    throw new ConfigError([
      ...parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
      // …except a second line about a variable already named.
      ...(rest.success
        ? crossProblems(rest.data).problems.filter((problem) => !bad.has(problem.split(':')[0] ?? ''))
        : []),
    ]);
  }
  const e = parsed.data;
  const { problems, slackMode, teamsCredentials, teamsNoAuth, localMode, webChannel } = crossProblems(e);
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT)
    problems.push('METRICS_PORT: must differ from PORT (metrics are never served on the public port)');
  if (problems.length > 0) throw new ConfigError(problems);

  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(
    /\/$/,
    '',
  );
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    trustProxy: e.TRUST_PROXY,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? null,
    logLevel: e.LOG_LEVEL,
    logPersonalData: e.LOG_PERSONAL_DATA ?? false,
    defaultLocale: e.DEFAULT_LOCALE,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    localMode,
    seedDemo: e.SEED_DEMO ?? localMode,
    webChannel,
    tokenSecret: e.TOKEN_SECRET ?? BUILT_IN_TOKEN_SECRET,
    previousTokenSecret: e.PREVIOUS_TOKEN_SECRET ?? null,
    encryptionKey: e.ENCRYPTION_KEY ?? null,
    tickCron: e.TICK_CRON,
    metrics: e.METRICS_PORT === undefined ? null : Object.freeze({ host: e.METRICS_HOST, port: e.METRICS_PORT }),
    deliveryPollMs: e.DELIVERY_POLL_MS,
    deliveryLeaseMs: e.DELIVERY_LEASE_MS,
    deliveryConcurrency: e.DELIVERY_CONCURRENCY,
    deliveryBatch: e.DELIVERY_BATCH,
    minGroupSize: e.MIN_GROUP_SIZE,
    dashboardLinkTtlMinutes: e.DASHBOARD_LINK_TTL_MINUTES,
    digestAt: Object.freeze(parseDigestAt(e.DIGEST_AT)),
    slack: Object.freeze({
      botToken: e.SLACK_BOT_TOKEN ?? null,
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      appToken: e.SLACK_APP_TOKEN ?? null,
      clientId: e.SLACK_CLIENT_ID ?? null,
      clientSecret: e.SLACK_CLIENT_SECRET ?? null,
      stateSecret: e.SLACK_STATE_SECRET ?? null,
      apiUrl: e.SLACK_API_URL ?? null,
      mode: slackMode,
    }),
    teams: Object.freeze({
      appId: e.MicrosoftAppId ?? null,
      appPassword: e.MicrosoftAppPassword ?? null,
      appType: e.MicrosoftAppType,
      appTenantId: e.MicrosoftAppTenantId ?? null,
      allowedTenants: Object.freeze(e.TEAMS_ALLOWED_TENANTS ?? []),
      localNoAuth: teamsNoAuth,
      ssoJwksUrl: e.TEAMS_SSO_JWKS_URL ?? 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      ssoIssuer: e.TEAMS_SSO_ISSUER ?? null,
      ssoAudience: e.TEAMS_SSO_AUDIENCE ?? null,
      enabled: teamsCredentials || teamsNoAuth,
    }),
  });
}

/**
 * TRUST_PROXY: `false` (nothing in front), a number of proxy hops, or a list of addresses,
 * subnets and Express's names (`loopback`, `linklocal`, `uniquelocal`). `true` ("trust every
 * hop") is refused: any client could then pick its own address and escape the rate limits.
 */
function parseTrustProxy(value: string): false | number | string[] | null {
  const lower = value.toLowerCase();
  if (lower === 'false' || lower === '0' || lower === 'no' || lower === 'off') return false;
  if (/^\d+$/.test(lower)) return Number(lower) <= 10 ? Number(lower) : null;
  const parts = lower
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const known =
    /^(loopback|linklocal|uniquelocal|\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-f]*:[0-9a-f:.]*(\/\d{1,3})?)$/;
  return parts.length > 0 && parts.every((part) => known.test(part)) ? parts : null;
}

export { WEEKDAYS, parseDayTime } from './day-time.js';

function parseDigestAt(value: string): { weekday: number; hour: number; minute: number } {
  return parseDayTime(value) ?? { weekday: 1, hour: 7, minute: 30 };
}

/** Problems between variables that each parse on their own (a mode that needs another variable, …). */
function crossProblems(e: z.infer<typeof schema>) {
  const problems: string[] = [];
  const loopback = LOOPBACK.has(e.HOST);

  const slackMode = e.SLACK_CLIENT_ID || e.SLACK_CLIENT_SECRET ? 'oauth' : e.SLACK_BOT_TOKEN ? 'single' : 'off';
  if (slackMode !== 'off' && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN)
    problems.push(
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN or SLACK_CLIENT_ID (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  if (slackMode === 'oauth') {
    for (const name of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'ENCRYPTION_KEY'] as const) {
      if (!e[name]) problems.push(`${name}: required for Slack OAuth (multi-workspace) installs`);
    }
  }
  if (e.SLACK_APP_TOKEN && slackMode === 'off')
    problems.push('SLACK_APP_TOKEN: Socket Mode also needs SLACK_BOT_TOKEN or the OAuth variables');

  const teamsCredentials = Boolean(e.MicrosoftAppId);
  if (teamsCredentials && e.MicrosoftAppType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword)
    problems.push('MicrosoftAppPassword: required with MicrosoftAppId');
  if (e.MicrosoftAppType === 'SingleTenant' && teamsCredentials && !e.MicrosoftAppTenantId)
    problems.push('MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant');
  const teamsNoAuth = e.TEAMS_LOCAL_NO_AUTH ?? false;
  if (teamsNoAuth && !loopback)
    problems.push('TEAMS_LOCAL_NO_AUTH: only allowed when HOST is a loopback address (127.0.0.1)');
  if (teamsNoAuth && teamsCredentials) problems.push('TEAMS_LOCAL_NO_AUTH: cannot be combined with MicrosoftAppId');

  const localMode = slackMode === 'off' && !teamsCredentials;
  if (localMode && !loopback)
    problems.push(
      `HOST: without Slack or Teams credentials Vijf Vragen runs in local mode and listens on 127.0.0.1 only (got ${e.HOST})`,
    );
  const webChannel = e.WEB_CHANNEL ?? loopback;
  if (webChannel && !loopback)
    problems.push(
      'WEB_CHANNEL: the local web channel has no sign-in and is only allowed when HOST is a loopback address',
    );
  if (!localMode && !e.TOKEN_SECRET)
    problems.push('TOKEN_SECRET: required when Slack or Teams is configured (at least 32 random characters)');
  return { problems, slackMode, teamsCredentials, teamsNoAuth, localMode, webChannel } as const;
}
