import { describe, expect, it } from 'vitest';
import { parseMessageEvent, slackCommandText, slackPlainText } from '../../src/bot/slack/slack-payloads.js';

/** Slack sends `&`, `<` and `>` that people typed as entities; stored text is what they typed. */
describe('Slack wire text', () => {
  it('decodes the three entities Slack encodes, once, and leaves Slack markup alone', () => {
    expect(slackPlainText('lezen &amp; schrijven')).toBe('lezen & schrijven');
    expect(slackPlainText('groep 7 &gt; groep 6 &lt;3')).toBe('groep 7 > groep 6 <3');
    // Typed literally as "&lt;": arrives as "&amp;lt;" and comes back as typed, not as "<".
    expect(slackPlainText('&amp;lt;')).toBe('&lt;');
    expect(slackPlainText('<@U0ANOUK> en <!channel>')).toBe('<@U0ANOUK> en <!channel>');
  });

  it('unwraps links and channel references in command text, and keeps mentions for the commands', () => {
    expect(slackCommandText('koppel <#C0MT0001|mt-overleg>')).toBe('koppel #mt-overleg');
    expect(slackCommandText('ronde zie <https://school.example/plan|het plan> &amp; meer')).toBe(
      'ronde zie https://school.example/plan & meer',
    );
    expect(slackCommandText('rol <@U0ANOUK|anouk> leider')).toBe('rol <@U0ANOUK|anouk> leider');
  });

  it('stores thread replies and edits as typed', () => {
    const body = (event: Record<string, unknown>) => ({
      team_id: 'T1',
      event_id: 'Ev1',
      event: { type: 'message', channel: 'C1', ...event },
    });
    expect(
      parseMessageEvent(body({ user: 'U1', ts: '2.0', thread_ts: '1.0', text: '3. Cito &amp; methode: 80 &gt; 75' })),
    ).toMatchObject({ kind: 'thread_reply', text: '3. Cito & methode: 80 > 75' });
    expect(
      parseMessageEvent(
        body({ subtype: 'message_changed', message: { user: 'U1', ts: '2.0', thread_ts: '1.0', text: 'a &lt; b' } }),
      ),
    ).toMatchObject({ kind: 'edited', text: 'a < b' });
  });
});
