import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ILSE, TENANT, botAdded, mentionInChannel, personalMessage } from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

/** An activity with one field removed or replaced. */
function without(activity: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _gone, ...rest } = activity;
  return rest;
}

describe('Teams endpoint: bodies that are not readable activities get 400 and change nothing', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp();
  });
  afterAll(async () => app?.close());

  const post = (body: string) =>
    fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('refuses a missing or mistyped type, from, conversation, serviceUrl or text with 400 naming the field', async () => {
    const good = mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7');
    const bad: [string, Record<string, unknown>][] = [
      ['type', {}],
      ['type', without(good, 'type')],
      ['type', { ...good, type: 5 }],
      ['type', { ...good, type: { message: true } }],
      ['from', without(good, 'from')],
      ['from', { ...good, from: 'ilse' }],
      ['from', { ...good, from: { name: 'no id' } }],
      ['conversation', without(good, 'conversation')],
      ['conversation', { ...good, conversation: { id: 42 } }],
      ['serviceUrl', without(good, 'serviceUrl')],
      ['serviceUrl', { ...good, serviceUrl: 12 }],
      ['serviceUrl', { ...good, serviceUrl: 'javascript:alert(1)' }],
      ['text', { ...good, text: 12 }],
      ['text', { ...good, text: ['koppel'] }],
      ['text', without(good, 'text')],
    ];
    for (const [field, activity] of bad) {
      const res = await app.send(activity);
      expect(res.status, JSON.stringify(activity).slice(0, 80)).toBe(400);
      expect(await res.text()).toContain(field);
    }
    expect(await app.store.workspaces.findOrganisation('teams', TENANT)).toBeNull();
    expect(app.connector.sent).toHaveLength(0);
  });

  it('refuses JSON that is not an object, and text that is not JSON, with 400', async () => {
    for (const body of ['null', '[]', '"message"', '42', 'not json', '{"type":']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(await res.text()).not.toMatch(/at .*\.js:\d+/);
    }
    expect(app.connector.sent).toHaveLength(0);
  });

  it('still accepts a well-formed activity, a card submit without text, and an unknown activity type', async () => {
    expect((await app.send(botAdded(app.connector.url, ILSE))).status).toBe(200);
    expect(
      (await app.send({ ...personalMessage(app.connector.url, ILSE, 'x'), type: 'typing', text: undefined })).status,
    ).toBe(200);
    const submit = { ...without(personalMessage(app.connector.url, ILSE, 'x'), 'text'), value: { right_things: 'ja' } };
    expect((await app.send(submit)).status).toBe(200);
  });
});

describe('Teams endpoint with credentials: a 401 says nothing about why', () => {
  let app: TeamsTestApp;
  beforeAll(async () => {
    app = await startTeamsTestApp({ credentials: true });
  });
  afterAll(async () => app?.close());

  it('answers a bad token with a bare 401 body', async () => {
    const activity = botAdded(app.connector.url, ILSE);
    for (const token of [
      null,
      'not-a-jwt',
      await app.tokenFor(activity, { aud: 'some-other-bot' }),
      await app.tokenFor(activity, {}, { foreign: true }),
    ]) {
      const res = await app.send(activity, token);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('{"error":"unauthorized"}');
    }
    expect(await app.store.workspaces.findOrganisation('teams', TENANT)).toBeNull();
  });
});
