import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES, EVENT_TYPES, EVENTS_PATH, REDIRECT_PATH, SLASH_COMMAND } from '../../src/bot/slack/index.js';

const manifest = parse(readFileSync(new URL('../../manifest/slack/manifest.yml', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; url: string }[]; app_home: { home_tab_enabled: boolean } };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
};

describe('Slack app manifest', () => {
  it('is valid against the official manifest schema', () => {
    const schema = JSON.parse(readFileSync('/work/shared/schemas/slack-manifest-v1.schema.json', 'utf8')) as object;
    // strict: false as the schema README says (it uses keywords ajv does not know, such as `regex`).
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('asks for exactly the scopes the app requests at install', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
  });

  it('routes events, the slash command and interactivity to the one endpoint the app serves', () => {
    expect(manifest.settings.event_subscriptions.request_url.endsWith(EVENTS_PATH)).toBe(true);
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(manifest.settings.interactivity.request_url.endsWith(EVENTS_PATH)).toBe(true);
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.slash_commands[0]?.url.endsWith(EVENTS_PATH)).toBe(true);
    expect(manifest.oauth_config.redirect_urls.every((url) => url.endsWith(REDIRECT_PATH))).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('subscribes to exactly the events the listeners handle', () => {
    // The one event listener takes exactly these types (slack-listeners.ts builds its pattern from them).
    const listened: string[] = [...EVENT_TYPES];
    expect(source).toContain('app.event(EVENT_PATTERN');
    const subscriptions = listened.flatMap((event) => EVENT_SUBSCRIPTIONS[event] ?? [`unmapped event ${event}`]);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...new Set(subscriptions)].sort());
  });

  it('asks for every scope the code needs, and for none it does not use', () => {
    const methods = new Set(
      [...source.matchAll(/\.(auth|chat|conversations|users|views)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`),
    );
    // A test that still passes when the code stops calling Slack would prove nothing.
    expect([...methods]).toEqual(
      expect.arrayContaining(['chat.postMessage', 'conversations.history', 'users.info', 'views.publish']),
    );
    const needed = new Set<string>(['commands']);
    for (const method of methods) {
      const scopes = METHOD_SCOPES[method];
      expect(scopes, `scopes of ${method} are not known to this test`).toBeDefined();
      for (const scope of scopes ?? []) needed.add(scope);
    }
    for (const event of manifest.settings.event_subscriptions.bot_events)
      for (const scope of EVENT_SCOPES[event] ?? []) needed.add(scope);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('turns on App Home and interactivity because the code uses them', () => {
    expect(source).toContain('views.publish(');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(source).toMatch(/app\.(action|view)\(/);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});

/** The Slack source files, concatenated: what the manifest has to serve. */
const source = readdirSync(new URL('../../src/bot/slack/', import.meta.url))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => readFileSync(new URL(`../../src/bot/slack/${name}`, import.meta.url), 'utf8'))
  .join('\n');

/**
 * The bot scopes each Web API method needs, from Slack's method reference. History is read in
 * bound channels (public and private) and in the bot's direct messages, with message metadata.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'metadata.message:read'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'metadata.message:read'],
  'conversations.join': ['channels:join'],
  'conversations.members': ['channels:read', 'groups:read'],
  'conversations.open': ['im:write'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.publish': [],
};

/** Which manifest subscriptions a Bolt `app.event(…)` listener needs. */
const EVENT_SUBSCRIPTIONS: Record<string, string[]> = {
  message: ['message.channels', 'message.groups'],
  member_joined_channel: ['member_joined_channel'],
  app_home_opened: ['app_home_opened'],
  app_uninstalled: ['app_uninstalled'],
  tokens_revoked: ['tokens_revoked'],
};

const EVENT_SCOPES: Record<string, string[]> = {
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  member_joined_channel: ['channels:read', 'groups:read'],
};
