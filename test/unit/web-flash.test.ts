import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { CommandReply } from '../../src/bot/commands/run-command.js';
import { flashHtml, flashOf, setFlash, takeFlash } from '../../src/bot/web/web-flash.js';

/** A response that only records the cookie it was given. */
function cookieJar() {
  const jar: { value: string } = { value: '' };
  const res = {
    cookie: (_name: string, value: string) => void (jar.value = value),
    clearCookie: () => undefined,
  } as unknown as Response;
  const req = () => ({ headers: { cookie: `vv_flash=${encodeURIComponent(jar.value)}` } }) as unknown as Request;
  return { jar, res, req };
}

const list = (count: number): CommandReply => ({
  kind: 'list',
  title: 'Acties',
  empty: 'Geen',
  items: Array.from({ length: count }, (_, i) => ({
    id: `a-${i}`,
    text: `Actie ${i} <b>`,
    commands: [{ label: 'Klaar', command: `actie a-${i} status klaar` }],
  })),
});

describe('the web channel flash', () => {
  it('keeps a list reply with its buttons, posting each command to the channel', () => {
    const { res, req } = cookieJar();
    setFlash(res, flashOf(list(2), 'nl', '/web/channels/b-1/command'), 'nl', false);
    const flash = takeFlash(req(), res);
    expect(flash?.items).toHaveLength(2);
    const markup = flashHtml(flash ?? { kind: 'info', text: '' }).value;
    expect(markup).toContain('action="/web/channels/b-1/command"');
    expect(markup).toContain('value="actie a-1 status klaar"');
    // Item text is escaped like everything else.
    expect(markup).toContain('Actie 0 &lt;b&gt;');
  });

  it('cuts a list too long for a cookie and says how many more there are', () => {
    const { jar, res, req } = cookieJar();
    setFlash(res, flashOf(list(200), 'en', '/web/channels/b-1/command'), 'en', false);
    expect(encodeURIComponent(jar.value).length).toBeLessThanOrEqual(3_500);
    const flash = takeFlash(req(), res);
    const kept = flash?.items?.length ?? 0;
    expect(kept).toBeGreaterThan(5);
    expect(flash?.text).toContain(`And ${200 - kept} more: see the dashboard.`);
  });

  it('drops a forged command path and malformed items from the cookie', () => {
    const { jar, res, req } = cookieJar();
    jar.value = JSON.stringify({
      kind: 'info',
      text: 'x',
      commandPath: 'https://evil.example/steal',
      items: [{ text: 1 }, { text: 'ok', commands: [{ label: 2 }] }],
    });
    const flash = takeFlash(req(), res);
    expect(flash).toEqual({ kind: 'info', text: 'x', items: [{ text: 'ok', commands: [] }] });
    expect(takeFlash({ headers: { cookie: 'vv_flash=%7Bnot-json' } } as unknown as Request, res)).toBeNull();
  });
});
