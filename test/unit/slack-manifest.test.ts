import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES, EVENTS_PATH, REDIRECT_PATH, SLASH_COMMAND } from '../../src/bot/slack/index.js';

const manifest = parse(readFileSync(new URL('../../manifest/slack/manifest.yml', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; url: string }[]; app_home: { home_tab_enabled: boolean } };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
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

  it('subscribes to the events the listeners handle', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['message.channels', 'message.groups', 'member_joined_channel', 'app_home_opened', 'app_uninstalled', 'tokens_revoked']));
  });
});
