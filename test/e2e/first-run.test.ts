import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { launchBrowser } from '../support/browser.js';
import { pngFacts } from '../support/png.js';

/** Saturday 5 December 2026 (week 49), moving with real time: the demo's school year is counted back from it. */
function clockFrom(start: string) {
  const offset = new Date(start).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

async function startDemo(locale: 'nl' | 'en'): Promise<{ running: Running; startMs: number }> {
  const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', DEFAULT_LOCALE: locale });
  const began = performance.now();
  const running = await startVijfVragen(config, {
    ticker: false,
    log: createLogger('silent'),
    clock: clockFrom('2026-12-05T10:00:00Z'),
  });
  return { running, startMs: Math.round(performance.now() - began) };
}

describe('a first run that tells the story, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => browser?.close());

  async function screenshot(page: Page, name: string): Promise<void> {
    const facts = pngFacts(await page.screenshot({ path: `test-results/${name}.png`, fullPage: true }));
    expect(facts.width).toBe(1200);
    expect(facts.colours).toBeGreaterThan(20);
    expect(facts.inked).toBeGreaterThan(0.01);
  }

  it('shows the demo board with a school year behind it, and the digest with week navigation', async () => {
    const { running, startMs } = await startDemo('nl');
    console.info(`first start with the demo history: ${startMs} ms`);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await page.goto(`${running.url}/`);
      expect(await page.locator('h1').innerText()).toBe('Wie ben je?');
      await page.getByRole('button', { name: /Lotte Leeuwen/ }).click();
      await page.waitForURL(/\/web/);

      await page.goto(`${running.url}/dashboard`);
      const overview = await page.locator('main').innerText();
      expect(overview).toContain('De Regenboog');
      expect(await page.getByTestId('phase').allInnerTexts()).toEqual([
        expect.stringContaining('4'),
        expect.stringContaining('2'),
      ]);
      await screenshot(page, 'first-run-overview');

      await page.goto(`${running.url}/dashboard/digest`);
      expect(await page.locator('h1').innerText()).toBe('Weekoverzicht 2026-W48');
      const digest = await page.locator('main').innerText();
      expect(digest).toMatch(/Groep 3-5 \(De Regenboog\): 1 ronde, respons \d+%/);
      expect(digest).toContain('90,5%');
      expect(digest).toContain('De Regenboog: fase 4');
      await screenshot(page, 'first-run-digest');

      // Previous and next week; no next link past the current week (49).
      await page.getByRole('link', { name: /week 2026-W47/ }).click();
      await page.waitForURL(/week=2026-W47/);
      expect(await page.locator('h1').innerText()).toBe('Weekoverzicht 2026-W47');
      await page.goto(`${running.url}/dashboard/digest?week=2026-W49`);
      expect(await page.locator('[rel=next]').count()).toBe(0);
      expect(await page.locator('[rel=prev]').getAttribute('href')).toBe('/dashboard/digest?week=2026-W48');

      const future = await page.goto(`${running.url}/dashboard/digest?week=2026-W50`);
      expect(future?.status()).toBe(404);
      expect(await page.getByTestId('week-error').innerText()).toContain('Week 2026-W50 is nog niet begonnen');
      const unknown = await page.goto(`${running.url}/dashboard/digest?week=2026-W60`);
      expect(unknown?.status()).toBe(400);
      expect(await page.getByTestId('week-error').innerText()).toContain('Week "2026-W60" bestaat niet');

      const report = await page.goto(`${running.url}/dashboard/report`);
      expect(report?.status()).toBe(200);
      const missing = await page.goto(`${running.url}/nergens`);
      expect(missing?.status()).toBe(404);
      expect(await page.locator('body').innerText()).toBe('Niet gevonden (404).');
    } finally {
      await page.close();
      await running.stop();
    }
  }, 180_000);

  it('speaks English with DEFAULT_LOCALE=en: the demo board, the picker, the dashboard and the error page', async () => {
    const { running } = await startDemo('en');
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await page.goto(`${running.url}/`);
      expect(await page.locator('h1').innerText()).toBe('Who are you?');
      expect(await page.locator('main').innerText()).toContain('whole organisation');
      await page.getByRole('button', { name: /Lotte Leeuwen \(board\)/ }).click();
      await page.waitForURL(/\/web/);
      expect(await page.locator('header').innerText()).toContain('local web channel');

      await page.goto(`${running.url}/dashboard/digest?week=2026-W48`);
      expect(await page.locator('h1').innerText()).toBe('Weekly digest 2026-W48');
      const digest = await page.locator('main').innerText();
      expect(digest).toMatch(/: 1 round, response \d+%/);
      expect(digest).toContain('90.5%');
      expect(digest).toContain('Final test 1F arithmetic');
      await screenshot(page, 'first-run-digest-en');
      await page.goto(`${running.url}/dashboard/digest?week=2026-W50`);
      expect(await page.getByTestId('week-error').innerText()).toContain('Week 2026-W50 has not begun');
      const missing = await page.goto(`${running.url}/nowhere`);
      expect(missing?.status()).toBe(404);
      expect(await page.locator('body').innerText()).toBe('Not found (404).');
    } finally {
      await page.close();
      await running.stop();
    }
  }, 180_000);
});
