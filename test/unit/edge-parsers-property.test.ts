import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/bot/commands/parse-command.js';
import { parseDigestChannel, parseRole } from '../../src/bot/commands/parse-admin.js';
import { parseFollowUp } from '../../src/bot/commands/parse-follow-up.js';
import { checkSlackBody } from '../../src/bot/slack/slack-edge-shape.js';
import {
  parseHomeOpened,
  parseInteraction,
  parseMemberJoined,
  parseMessageEvent,
  parseViewSubmission,
  slackCommandText,
} from '../../src/bot/slack/slack-payloads.js';
import { checkActivityShape } from '../../src/bot/teams/teams-activity-shape.js';
import { parseActivity, withoutBotMention } from '../../src/bot/teams/teams-activity.js';
import { signGuestToken, verifyGuestToken } from '../../src/services/guest-token.js';
import { signWebToken, verifySignInLink, verifyWebToken } from '../../src/bot/web/session.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { validateRecords } from '../../src/dialogues/outcomes/validate-records.js';
import { decodeText } from '../../src/outcomes/decode-text.js';
import { parseOutcomesCsv } from '../../src/outcomes/parse-outcomes-csv.js';
import { blackoutsFromICalendar } from '../../src/scheduler/blackouts.js';

/**
 * Every parser at the edge, fed arbitrary input (fixed seed, modest runs): none throws, and what
 * each accepts is well formed. The figures line is what docs/security.md quotes.
 */
const SEED = 20261205;
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const options = { seed: SEED, numRuns: RUNS };
const SECRET = 'property-secret-property-secret-000000';
const figures = new Map<string, { tried: number; refused: number }>();

function count(parser: string, refused: boolean): void {
  const f = figures.get(parser) ?? { tried: 0, refused: 0 };
  f.tried += 1;
  if (refused) f.refused += 1;
  figures.set(parser, f);
}

/** JSON-ish values with the field names the parsers look for, so they get past the first check. */
const keyed = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(
    fc.constantFrom(
      'type',
      'team_id',
      'event_id',
      'event',
      'text',
      'channel',
      'user',
      'ts',
      'thread_ts',
      'subtype',
      'message',
      'team',
      'id',
      'actions',
      'view',
      'state',
      'values',
      'from',
      'recipient',
      'conversation',
      'serviceUrl',
      'channelData',
      'tenant',
      'entities',
      'value',
      'name',
      'action',
      'membersAdded',
      'callback_id',
      'private_metadata',
    ),
    tie('value'),
    { maxKeys: 8 },
  ),
}));

describe('edge parsers under arbitrary input', () => {
  it('Slack: body check, events, interactions and command text never throw', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', undefined),
        (raw, type) => {
          count('slack body', !checkSlackBody(raw, type).ok);
        },
      ),
      options,
    );
    fc.assert(
      fc.property(keyed.value, (body) => {
        count('slack event', parseMessageEvent(body).kind === 'ignored');
        parseMemberJoined(body);
        parseHomeOpened(body);
        parseInteraction(body);
        parseViewSubmission(body);
        count('slack body', !checkSlackBody(JSON.stringify(body) ?? '', 'application/json').ok);
        count(
          'slack body',
          !checkSlackBody(
            new URLSearchParams({ payload: JSON.stringify(body) ?? '' }).toString(),
            'application/x-www-form-urlencoded',
          ).ok,
        );
      }),
      options,
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(typeof slackCommandText(text)).toBe('string');
      }),
      options,
    );
  });

  it('Teams: the activity shape check and the activity parser never throw, and agree', () => {
    fc.assert(
      fc.property(keyed.value, fc.constantFrom(null, 'local'), (body, fallback) => {
        const shape = checkActivityShape(body);
        count('teams activity', !shape.ok);
        const event = parseActivity(shape.ok ? shape.activity : body, fallback);
        if (!shape.ok) expect(event.kind === 'ignored' || shape.problems.length > 0).toBe(true);
        withoutBotMention(
          typeof (body as { text?: unknown })?.text === 'string' ? (body as { text: string }).text : '',
          (body as { entities?: unknown })?.entities,
          'bot',
        );
      }),
      options,
    );
  });

  it('chat commands: every text parses to a command, too long ones refused', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 600 }),
          fc
            .constantFrom('rol', 'koppel', 'ronde', 'cijfer', 'actie', 'meekijker', 'digest', 'schema')
            .chain((w) => fc.string({ maxLength: 80 }).map((rest) => `${w} ${rest}`)),
        ),
        (text) => {
          const command = parseCommand(text);
          count('chat command', command.name === 'too_long' || command.name === 'help');
          expect(typeof command.name).toBe('string');
          parseRole(text);
          parseDigestChannel(text);
          parseFollowUp('figure', text);
          parseFollowUp('actions', text);
          parseFollowUp('guest', text);
        },
      ),
      options,
    );
  });

  it('CSV: arbitrary bytes decode or are refused; parsed figures are always finite', () => {
    const header = 'metric;school;team;period;value;target;group_size;name;unit\n';
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.double().map(String),
      fc.constantFrom('88,5', '1.234,5', '-5', '101', '0', '9'.repeat(40), '1e400', 'NaN', '%'),
    );
    const line = fc
      .array(cell, { minLength: 9, maxLength: 9 })
      .map((cells) => cells.map((c) => c.replace(/[;\n\r"]/g, '')).join(';'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.array(line, { maxLength: 6 }).map((lines) => new TextEncoder().encode(header + lines.join('\n'))),
        ),
        (bytes) => {
          const decoded = decodeText(bytes);
          count('csv file', !decoded.ok);
          if (!decoded.ok) return;
          const parsed = parseOutcomesCsv(decoded.text);
          const school = { id: 's1', organisationId: 'o', name: 'De Linde' } as never;
          const { rows, errors } = validateRecords(parsed.records, {
            schools: [school],
            teams: [],
            metrics: [],
            allowed: () => true,
            mayDefineMetrics: true,
          });
          count('csv row', errors.length > 0 || parsed.errors.length > 0);
          for (const row of rows) {
            expect(Number.isFinite(row.value)).toBe(true);
            if (row.target !== null) expect(Number.isFinite(row.target)).toBe(true);
            if (row.groupSize !== null) expect(row.groupSize).toBeGreaterThan(0);
          }
        },
      ),
      options,
    );
  });

  it('iCalendar: arbitrary calendars give blackouts or a refusal, never an exception', () => {
    const lines = fc.array(
      fc.oneof(
        fc.constantFrom(
          'BEGIN:VEVENT',
          'END:VEVENT',
          'DTSTART;VALUE=DATE:20261019',
          'DTEND;VALUE=DATE:20261026',
          'SUMMARY:Herfstvakantie',
          'RRULE:FREQ=YEARLY',
          'RRULE:FREQ=SECONDLY',
          'DTSTART:99999999T999999Z',
          'EXDATE:garbage',
        ),
        fc.string({ maxLength: 40 }),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(lines, fc.boolean(), (body, wrapped) => {
        const text = wrapped ? ['BEGIN:VCALENDAR', ...body, 'END:VCALENDAR'].join('\r\n') : body.join('\n');
        const result = blackoutsFromICalendar(text);
        count('icalendar', !result.ok);
      }),
      { ...options, numRuns: Math.min(RUNS, 100) },
    );
  });

  it('configuration: any environment gives a frozen config or a ConfigError, nothing else', () => {
    const names = fc.constantFrom(
      'PORT',
      'HOST',
      'PUBLIC_URL',
      'DATABASE_URL',
      'LOG_LEVEL',
      'TICK_CRON',
      'DIGEST_AT',
      'MIN_GROUP_SIZE',
      'TOKEN_SECRET',
      'SLACK_BOT_TOKEN',
      'MicrosoftAppId',
      'TEAMS_LOCAL_NO_AUTH',
      'DEFAULT_TIME_ZONE',
      'DELIVERY_POLL_MS',
      'WEB_CHANNEL',
      'TEAMS_ALLOWED_TENANTS',
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          names,
          fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.integer().map(String),
            fc.constantFrom('true', 'bogus', '0.0.0.0', '-1', '* * * * * *'),
          ),
        ),
        (env) => {
          try {
            expect(Object.isFrozen(loadConfig(env))).toBe(true);
            count('configuration', false);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
            count('configuration', true);
          }
        },
      ),
      options,
    );
  });

  it('sign-in, session and guest tokens: arbitrary or tampered tokens are refused, never thrown', async () => {
    const genuine = await signWebToken(SECRET, { organisationId: 'o', personId: 'p' }, 'session', 600);
    const guest = await signGuestToken(SECRET, {
      id: 'g',
      organisationId: 'o',
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    });
    const tamper = (token: string) =>
      fc
        .tuple(fc.nat(token.length - 1), fc.string({ minLength: 1, maxLength: 3 }))
        .map(([at, s]) => token.slice(0, at) + s + token.slice(at + 1));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), tamper(genuine), tamper(guest)), async (token) => {
        const session = await verifyWebToken(SECRET, token, 'session');
        const link = await verifySignInLink(SECRET, token);
        const visit = await verifyGuestToken(SECRET, token, new Date());
        const accepted =
          (session !== null && token !== genuine) || link !== null || (visit.status === 'valid' && token !== guest);
        count('tokens', !accepted);
        expect(accepted).toBe(false);
      }),
      options,
    );
  });

  it('prints the figures', () => {
    const total = [...figures.values()].reduce(
      (sum, f) => ({ tried: sum.tried + f.tried, refused: sum.refused + f.refused }),
      { tried: 0, refused: 0 },
    );
    const each = [...figures].map(([name, f]) => `${name}=${f.tried}/${f.refused}`).join(' ');
    console.log(
      `[fuzz] parsers: tried=${total.tried} refused=${total.refused} exceptions=0 (tried/refused per parser: ${each})`,
    );
    expect(total.tried).toBeGreaterThan(0);
  });
});
