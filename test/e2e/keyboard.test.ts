import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { eventually, launchBrowser } from '../support/browser.js';

/** What the focused element is called and whether its focus ring is drawn. */
interface Focused {
  tag: string;
  name: string;
  outline: string;
}

/**
 * Answering a round and reaching a team page with the keyboard alone: Tab, Shift+Tab, Enter and
 * typing, never a click. Every stop on the way must show where the focus is (a drawn outline).
 */
describe('the web channel and the dashboard by keyboard alone', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let organisationId = '';
  let roundId = '';
  const stops: Focused[] = [];

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', DELIVERY_POLL_MS: '200' });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const { store, deps } = running.app;
    organisationId = (await store.organisations.list())[0]?.id ?? '';
    const people = await store.people.list(organisationId);
    const coordinator = people.find((p) => p.displayName.startsWith('Coby Koster'));
    const team = (await store.teams.findByName(organisationId, 'Groep 6-8'))[0];
    const opened = await openRound(deps, {
      organisationId,
      teamId: team?.id ?? '',
      trigger: 'ad_hoc',
      triggeredBy: coordinator?.id ?? null,
      template: null,
      theme: 'rekenen',
      secondConfirmed: true,
    });
    if (!opened.ok) throw new Error(opened.code);
    roundId = opened.value.round.id;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function focused(): Promise<Focused> {
    return page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { tag: 'body', name: '', outline: 'none' };
      const labels = (el as HTMLInputElement).labels;
      const name =
        el.getAttribute('aria-label') ?? (labels && labels.length > 0 ? (labels[0]?.innerText ?? '') : '') ?? '';
      const style = getComputedStyle(el);
      const outline = style.outlineStyle === 'none' || style.outlineWidth === '0px' ? 'none' : style.outlineWidth;
      return {
        tag: el.tagName.toLowerCase(),
        name: (name || el.innerText || el.getAttribute('value') || '').trim(),
        outline,
      };
    });
  }

  /** Presses `key` until the focused element's name matches, at most `limit` times; records each stop. */
  async function focusBy(key: 'Tab' | 'Shift+Tab', target: RegExp, limit = 80): Promise<Focused> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press(key);
      const now = await focused();
      stops.push(now);
      if (target.test(now.name)) return now;
    }
    throw new Error(`${key} never reached ${target}; last stops: ${JSON.stringify(stops.slice(-5))}`);
  }

  it('signs in, answers the open round and sees it stored, with a visible focus at every stop', async () => {
    await page.goto(`${running.url}/`);
    await focusBy('Tab', /Gijs Mulder/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/web\/channels\//);
    await focusBy('Tab', /groep-6-8/);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=answer-form]', { timeout: 30_000 });
    const first = await focusBy('Tab', /^1\. Doen we de goede dingen\?/);
    expect(first.tag).toBe('textarea');
    await page.keyboard.type('Ja, met de nieuwe rekenmethode.');
    await focusBy('Tab', /^3\. Hoe weten we dat\?/);
    await page.keyboard.type('De toetsen laten groei zien.');
    // One step back and forth: Shift+Tab leaves the field, Tab returns to it with the text kept.
    await focusBy('Shift+Tab', /^2\./);
    await focusBy('Tab', /^3\. Hoe weten we dat\?/);
    await focusBy('Tab', /^Antwoorden$/);
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await page.locator('.flash').innerText()).toContain('Dank je!'));

    const replies = await running.app.store.replies.listByRound(organisationId, roundId);
    expect(replies.map((r) => r.text).sort()).toEqual([
      'De toetsen laten groei zien.',
      'Ja, met de nieuwe rekenmethode.',
    ]);
    const unringed = stops.filter((s) => s.tag !== 'body' && s.outline === 'none');
    expect(unringed).toEqual([]);
  }, 120_000);

  it('moves from the dashboard overview to a team page by keyboard alone', async () => {
    stops.length = 0;
    await page.goto(`${running.url}/`);
    await focusBy('Tab', /Coby Koster/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/web\/channels\//);
    await focusBy('Tab', /^Dashboard$/i);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard$/);
    await focusBy('Tab', /^Groep 6-8$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dashboard\/teams\//);
    expect(await page.locator('h1').innerText()).toContain('Groep 6-8');
    const unringed = stops.filter((s) => s.tag !== 'body' && s.outline === 'none');
    expect(unringed).toEqual([]);
  }, 120_000);
});
