import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Slack endpoint: signed bodies that are not Slack payloads get 400 and change nothing', () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp();
  });
  afterAll(async () => app?.close());

  it('refuses signed JSON that is not an object, and payloads that are not objects, with 400', async () => {
    const bodies: [string, string][] = [
      ['null', JSON_TYPE],
      ['[]', JSON_TYPE],
      ['"event_callback"', JSON_TYPE],
      ['42', JSON_TYPE],
      ['true', JSON_TYPE],
      [form({ payload: 'null' }), FORM],
      [form({ payload: '[1,2]' }), FORM],
      [form({ payload: '"block_actions"' }), FORM],
    ];
    for (const [body, type] of bodies) {
      const res = await app.raw(body, type);
      expect(res.status, body).toBe(400);
      expect(await res.text()).not.toMatch(/at .*\.js:\d+/);
    }
    expect(await app.store.workspaces.findOrganisation('slack', 'T0LINDE01')).toBeNull();
    expect(app.slack.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
  });

  it('refuses signed objects of the wrong shape without a 5xx', async () => {
    const bodies: [string, string][] = [
      ['{}', JSON_TYPE],
      ['{"type":"event_callback"}', JSON_TYPE],
      ['{"type":"event_callback","event":null,"team_id":5}', JSON_TYPE],
      ['{"type":"event_callback","event":{"type":"message","text":5,"channel":[]}}', JSON_TYPE],
      ['{"type":"url_verification"}', JSON_TYPE],
      ['{"type":"url_verification","challenge":{"a":1}}', JSON_TYPE],
      [form({ command: '/vijfvragen' }), FORM],
      [form({ command: '/vijfvragen', text: 'help', team_id: 'T0LINDE01' }), FORM],
      [form({ payload: '{}' }), FORM],
      [form({ payload: '{"type":"block_actions"}' }), FORM],
      [form({ payload: '{"type":"block_actions","actions":5,"team":{"id":"T0LINDE01"}}' }), FORM],
      [form({ payload: '{"type":"view_submission","view":null,"team":{"id":"T0LINDE01"}}' }), FORM],
      [
        form({
          payload:
            '{"type":"view_submission","view":{"callback_id":"x","state":5},"team":{"id":"T0LINDE01"},"user":{"id":"U1"}}',
        }),
        FORM,
      ],
    ];
    for (const [body, type] of bodies) {
      const res = await app.raw(body, type);
      expect(res.status, body).toBeLessThan(500);
      expect(await res.text()).not.toMatch(/at .*\.js:\d+/);
    }
  });
});
