import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { eventually, launchBrowser } from '../support/browser.js';

/** A person's first trial, in a real browser: start a round, answer it, see it counted, see it close. */
describe('the local web channel in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', DELIVERY_POLL_MS: '200' });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function signInAs(name: RegExp): Promise<void> {
    await page.goto(`${running.url}/`);
    await page.getByRole('button', { name }).click();
    await page.waitForURL(/\/web\/channels\//);
  }

  it('lets a coordinator start a round and a teacher answer it, and counts the answer', async () => {
    await signInAs(/Coby Koster/);
    await page.getByRole('link', { name: /groep-6-8/ }).click();
    await page.getByLabel('thema').fill('begrijpend lezen');
    await page.getByRole('button', { name: 'Start ronde' }).click();
    await eventually(async () => expect(await page.locator('.flash').innerText()).toContain('Er is een ronde gestart voor team Groep 6-8'));
    // The prompt is posted by the delivery worker; the page refreshes itself when it arrives.
    await page.waitForSelector('[data-testid=answer-form]', { timeout: 10_000 });
    await eventually(async () => expect(await page.locator('article').first().innerText()).toContain('Doen we de goede dingen?'));

    await signInAs(/Gijs Mulder/);
    await page.getByRole('link', { name: /groep-6-8/ }).click();
    await page.getByLabel('1. Doen we de goede dingen?').fill('Ja: het leesplan werkt.');
    await page.getByLabel('3. Hoe weten we dat?').fill('De methodetoetsen stijgen.');
    await page.getByRole('button', { name: 'Antwoorden' }).click();
    await eventually(async () => expect(await page.locator('.flash').innerText()).toContain('Dank je!'));
    await eventually(async () => expect(await page.getByTestId('reply-count').first().innerText()).toContain('2 antwoorden tot nu toe'));
    await eventually(async () => expect(await page.getByTestId('reply-count').first().innerText()).toContain('1 deelnemers'));

    // Editing: the form comes back prefilled and a change replaces the earlier answer.
    await eventually(async () => expect(await page.getByLabel('1. Doen we de goede dingen?').inputValue()).toBe('Ja: het leesplan werkt.'));
    await page.getByLabel('1. Doen we de goede dingen?').fill('Grotendeels.');
    await page.getByRole('button', { name: 'Antwoord aanpassen' }).click();
    await eventually(async () => expect(await page.getByLabel('1. Doen we de goede dingen?').inputValue()).toBe('Grotendeels.'));
    await eventually(async () => expect(await page.getByTestId('reply-count').first().innerText()).toContain('2 antwoorden tot nu toe'));
    await page.screenshot({ path: 'test-results/web-channel-answered.png', fullPage: true });

    const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    const [round] = await running.app.store.rounds.list(organisationId, { status: 'open' });
    const replies = await running.app.store.replies.listByRound(organisationId, round?.id ?? '');
    expect(replies.map((r) => r.text).sort()).toEqual(['De methodetoetsen stijgen.', 'Grotendeels.']);
  });

  it('closes the round on a coordinator\'s word and posts the summary in the channel', async () => {
    await signInAs(/Coby Koster/);
    await page.getByRole('link', { name: /groep-6-8/ }).click();
    await page.getByRole('button', { name: 'Sluit de ronde nu' }).click();
    await page.waitForSelector('text=Ronde gesloten: begrijpend lezen', { timeout: 10_000 });
    await eventually(async () => expect(await page.locator('article').first().innerText()).toContain('1 deelnemers'));
    await eventually(async () => expect(await page.locator('article').first().innerText()).toContain('Hoe weten we dat?: 1 antwoorden'));
    await eventually(async () => expect((await page.locator('article .badge').first().innerText()).trim()).toBe('gesloten'));
  });

  it('shows a list reply with buttons that run their command, like Slack\'s list buttons', async () => {
    await signInAs(/Coby Koster/);
    await page.getByRole('link', { name: /groep-6-8/ }).click();
    await page.locator('#cmd').fill('schema');
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await eventually(async () => expect(await page.locator('.flash').innerText()).toContain('Schema\'s'));
    const item = page.locator('.flash-list li').first();
    expect(await item.innerText()).toContain('0 9 * * 1');
    await item.getByRole('button', { name: 'Pauzeer' }).click();
    await eventually(async () => expect(await page.locator('.flash').innerText()).toContain('Schema gepauzeerd.'));
    const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    expect((await running.app.store.schedules.list(organisationId)).some((schedule) => schedule.paused)).toBe(true);
    // The list again: the paused schedule now offers "Hervat".
    await page.locator('#cmd').fill('schema');
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await eventually(async () => expect(await page.locator('.flash-list').getByRole('button', { name: 'Hervat' }).count()).toBeGreaterThan(0));
    await page.screenshot({ path: 'test-results/web-channel-list-buttons.png', fullPage: true });
  });
});
