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
    // Starting the server (embedded database, migrations, demo board) and Chromium takes over a
    // minute when the two cores are shared with other builds.
  }, 180_000);
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
    await eventually(async () =>
      expect(await page.locator('.flash').innerText()).toContain('Er is een ronde gestart voor team Groep 6-8'),
    );
    // The prompt is posted by the delivery worker; the page refreshes itself when it arrives.
    await page.waitForSelector('[data-testid=answer-form]', { timeout: 30_000 });
    await eventually(async () =>
      expect(await page.locator('article').first().innerText()).toContain('Doen we de goede dingen?'),
    );

    await signInAs(/Gijs Mulder/);
    await page.getByRole('link', { name: /groep-6-8/ }).click();
    await page.getByLabel('1. Doen we de goede dingen?').fill('Ja: het leesplan werkt.');
    await page.getByLabel('3. Hoe weten we dat?').fill('De methodetoetsen stijgen.');
    await page.getByRole('button', { name: 'Antwoorden' }).click();
    await eventually(async () => expect(await page.locator('.flash').innerText()).toContain('Dank je!'));
    await eventually(async () =>
      expect(await page.getByTestId('reply-count').first().innerText()).toContain('2 antwoorden tot nu toe'),
    );
    await eventually(async () =>
      expect(await page.getByTestId('reply-count').first().innerText()).toMatch(/\b1 deelnemer\b/),
    );

    // Editing: the form comes back prefilled and a change replaces the earlier answer.
    await eventually(async () =>
      expect(await page.getByLabel('1. Doen we de goede dingen?').inputValue()).toBe('Ja: het leesplan werkt.'),
    );
    await page.getByLabel('1. Doen we de goede dingen?').fill('Grotendeels.');
    await page.getByRole('button', { name: 'Antwoord aanpassen' }).click();
    await eventually(async () =>
      expect(await page.getByLabel('1. Doen we de goede dingen?').inputValue()).toBe('Grotendeels.'),
    );
    await eventually(async () =>
      expect(await page.getByTestId('reply-count').first().innerText()).toContain('2 antwoorden tot nu toe'),
    );
    await page.screenshot({ path: 'test-results/web-channel-answered.png', fullPage: true });

    const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    const [round] = await running.app.store.rounds.list(organisationId, { status: 'open' });
    const replies = await running.app.store.replies.listByRound(organisationId, round?.id ?? '');
    expect(replies.map((r) => r.text).sort()).toEqual(['De methodetoetsen stijgen.', 'Grotendeels.']);
  });

  it("closes the round on a coordinator's word and posts the summary in the channel", async () => {
    await signInAs(/Coby Koster/);
    await page.getByRole('link', { name: /groep-6-8/ }).click();
    // Closing takes a second, deliberate step.
    await page.getByTestId('close-round').locator('summary').click();
    expect(await page.getByTestId('close-round').innerText()).toContain('Weet je het zeker?');
    await page.screenshot({ path: 'test-results/web-channel-close-confirm.png', fullPage: true });
    await page.getByRole('button', { name: 'Ja, sluit de ronde' }).click();
    await page.waitForSelector('text=Ronde gesloten: begrijpend lezen', { timeout: 30_000 });
    await eventually(async () => expect(await page.locator('article').first().innerText()).toMatch(/\b1 deelnemer\b/));
    // The team sees its dialogue: every answer per question, with the name, as the prompt said.
    const summary = page.getByTestId('summary').first();
    await eventually(async () => expect(await summary.innerText()).toContain('Hoe weten we dat? (1)'));
    expect(await summary.innerText()).toContain('Gijs Mulder: De methodetoetsen stijgen.');
    expect(await summary.innerText()).toContain('Gijs Mulder: Grotendeels.');
    expect(await page.locator('article').first().innerText()).toContain(
      'Je antwoorden zijn zichtbaar met je naam voor je team.',
    );
    await eventually(async () =>
      expect((await page.locator('article .badge').first().innerText()).trim()).toBe('gesloten'),
    );
    // A closed round reads as closed.
    const closed = await page.locator('article').first().innerText();
    expect(closed).not.toContain('tot nu toe');
    expect(closed).not.toContain('Antwoorden kan tot');
    expect(closed).toContain('Deze ronde is gesloten op');
    expect(await page.getByTestId('reply-count').first().innerText()).toContain('2 antwoorden');
    await page.screenshot({ path: 'test-results/web-channel-summary.png', fullPage: true });

    // Its link is absolute and leads a team member to the full text on the dashboard.
    const href =
      (await summary.getByRole('link', { name: 'Alle antwoorden voluit op het dashboard' }).getAttribute('href')) ?? '';
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dashboard\/rounds\//);
    await signInAs(/Gijs Mulder/);
    await page.goto(href.replace(/^http:\/\/[^/]+/, running.url));
    await eventually(async () =>
      expect(await page.locator('main').innerText()).toContain('De methodetoetsen stijgen.'),
    );
    expect(await page.locator('[data-question=evidence] footer').innerText()).toBe('Gijs Mulder');
    expect(await page.getByTestId('round-meta').innerText()).toContain('gesloten');
    await page.screenshot({ path: 'test-results/dashboard-round.png', fullPage: true });
  });

  it('opens one round on a double click, and a second only when the coordinator confirms it', async () => {
    await signInAs(/Coby Koster/);
    await page.getByRole('link', { name: /groep-3-5/ }).click();
    const channelUrl = page.url();
    const form = page.getByTestId('start-round');
    const action = new URL((await form.getAttribute('action', { timeout: 30_000 })) ?? '', channelUrl).toString();
    const requestId = (await form.locator('input[name=requestId]').getAttribute('value', { timeout: 30_000 })) ?? '';
    // The same form sent twice, as a double click does.
    for (let i = 0; i < 2; i += 1) {
      const response = await page.request.post(action, { form: { requestId, theme: 'rekenen' }, maxRedirects: 0 });
      expect(response.status()).toBe(303);
    }
    const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    const team = (await running.app.store.teams.findByName(organisationId, 'Groep 3-5'))[0];
    expect(
      await running.app.store.rounds.list(organisationId, { teamId: team?.id ?? '', status: 'open' }),
    ).toHaveLength(1);

    // A new click while that round is open asks first.
    await page.goto(channelUrl);
    await page.getByLabel('thema').fill('taal');
    await page.getByRole('button', { name: 'Start ronde' }).click();
    await eventually(async () =>
      expect(await page.locator('.flash').innerText()).toContain('staat de ronde "rekenen" nog open'),
    );
    await page.screenshot({ path: 'test-results/web-channel-second-round.png', fullPage: true });
    expect(
      await running.app.store.rounds.list(organisationId, { teamId: team?.id ?? '', status: 'open' }),
    ).toHaveLength(1);
    await page.getByRole('button', { name: 'Start tweede ronde' }).click();
    await eventually(async () =>
      expect(
        await running.app.store.rounds.list(organisationId, { teamId: team?.id ?? '', status: 'open' }),
      ).toHaveLength(2),
    );
    // Closing without the confirmation step changes nothing.
    const [round] = await running.app.store.rounds.list(organisationId, { teamId: team?.id ?? '', status: 'open' });
    const unconfirmed = await page.request.post(
      new URL(`/web/rounds/${round?.id ?? ''}/close`, channelUrl).toString(),
      { form: {}, maxRedirects: 0 },
    );
    expect(unconfirmed.status()).toBe(303);
    expect((await running.app.store.rounds.get(organisationId, round?.id ?? ''))?.status).toBe('open');
  }, 120_000);

  it("shows a list reply with buttons that run their command, like Slack's list buttons", async () => {
    await signInAs(/Coby Koster/);
    await page.getByRole('link', { name: /groep-6-8/ }).click();
    await page.locator('#cmd').fill('schema');
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await eventually(async () => expect(await page.locator('.flash').innerText()).toContain("Schema's"));
    const item = page.locator('.flash-list li').first();
    expect(await item.innerText()).toContain('Elke maandag om 09:00');
    await item.getByRole('button', { name: 'Pauzeer' }).click();
    await eventually(async () => expect(await page.locator('.flash').innerText()).toContain('Schema gepauzeerd.'));
    const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    expect((await running.app.store.schedules.list(organisationId)).some((schedule) => schedule.paused)).toBe(true);
    // The list again: the paused schedule now offers "Hervat".
    await page.locator('#cmd').fill('schema');
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await eventually(async () =>
      expect(await page.locator('.flash-list').getByRole('button', { name: 'Hervat' }).count()).toBeGreaterThan(0),
    );
    await page.screenshot({ path: 'test-results/web-channel-list-buttons.png', fullPage: true });
  });
});
