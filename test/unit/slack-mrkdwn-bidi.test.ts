import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../src/bot/slack/mrkdwn.js';

describe('escapeMrkdwn and right-to-left tricks', () => {
  it('drops bidi overrides and isolates so an answer cannot reverse the text around it', () => {
    expect(escapeMrkdwn('rapport\u202Efdp.exe')).toBe('rapportfdp.exe');
    expect(escapeMrkdwn('a\u2066b\u2069c\u202Ad\u202Ce')).toBe('abcde');
  });

  it('keeps genuine right-to-left text and direction marks', () => {
    expect(escapeMrkdwn('שלום \u200Fעולם')).toBe('שלום \u200Fעולם');
    expect(escapeMrkdwn('مرحبا <!channel>')).toBe('مرحبا &lt;!channel&gt;');
  });
});
