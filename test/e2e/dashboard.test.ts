import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signWebToken } from '../../src/bot/web/session.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { eventually, launchBrowser } from '../support/browser.js';
import { pngFacts } from '../support/png.js';

/** A coordinator imports outcome figures on the dashboard, sees them charted and opens a team page; a leader signs in by link. */
describe('the dashboard in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent' });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    mkdirSync('test-results', { recursive: true });
    await page.goto(`${running.url}/`);
    await page.getByRole('button', { name: /Coby Koster/ }).click();
    await page.waitForURL(/\/web\/channels\//);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  /** Screenshots are checked, not just taken: the right size and more than a blank page. */
  async function screenshot(name: string): Promise<void> {
    const facts = pngFacts(await page.screenshot({ path: `test-results/${name}.png`, fullPage: true }));
    expect(facts.width).toBe(1200);
    expect(facts.height).toBeGreaterThanOrEqual(900);
    expect(facts.colours).toBeGreaterThan(20);
    expect(facts.inked).toBeGreaterThan(0.01);
  }

  async function imageWidth(selector: string): Promise<number> {
    const image = page.locator(selector);
    await image.waitFor();
    await eventually(async () =>
      expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true),
    );
    return image.evaluate((img: HTMLImageElement) => img.naturalWidth);
  }

  it("shows the overview with schools, teams and each school's phase", async () => {
    await page.goto(`${running.url}/dashboard`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Overzicht');
    const text = await page.locator('main').innerText();
    expect(text).toContain('De Regenboog');
    expect(text).toContain('Het Kompas');
    expect(await page.getByTestId('phase').count()).toBe(2);
    await screenshot('dashboard-overview');
  });

  it('imports a CSV upload, and lists every error of a bad file with its line without importing anything', async () => {
    const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    const before = await running.app.store.snapshots.list(organisationId);
    await page.goto(`${running.url}/dashboard/outcomes`);
    await page.setInputFiles('input[type=file]', {
      name: 'kapot.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'metric,school,period,value\neindtoets,De Regenboog,2024-2025,8x\neindtoets,Onbekende school,2024-2025,80\n',
      ),
    });
    await page.getByRole('button', { name: 'Importeren' }).click();
    await eventually(async () => expect(await page.getByTestId('notice').innerText()).toContain('Niets geïmporteerd'));
    const errors = await page.locator('[data-testid=notice] li').allInnerTexts();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.some((e) => e.startsWith('Regel 2'))).toBe(true);
    expect(errors.some((e) => e.startsWith('Regel 3'))).toBe(true);
    expect(await running.app.store.snapshots.list(organisationId)).toEqual(before);

    await page.setInputFiles('input[type=file]', {
      name: 'outcomes.csv',
      mimeType: 'text/csv',
      buffer: readFileSync('examples/outcomes.csv'),
    });
    await page.getByRole('button', { name: 'Importeren' }).click();
    await eventually(async () =>
      expect(await page.getByTestId('notice').innerText()).toMatch(/Geïmporteerd: \d+ nieuw/),
    );
    expect(await page.getByTestId('metrics').innerText()).toContain('Eindtoets 1F lezen');
    expect(await page.getByTestId('latest').innerText()).toContain('onder de norm');
    await screenshot('dashboard-outcomes');
  });

  it('opens a team page with the outcome chart drawn on the server', async () => {
    await page.goto(`${running.url}/dashboard`);
    await page.getByRole('link', { name: 'Groep 6-8' }).click();
    await page.waitForURL(/\/dashboard\/teams\//);
    await expect(page.locator('h1').innerText()).resolves.toBe('Groep 6-8');
    expect(await imageWidth('[data-testid=team-chart]')).toBe(800);
    const chart = await page.request.get(
      `${running.url}${String(await page.locator('[data-testid=team-chart]').getAttribute('src'))}`,
    );
    const facts = pngFacts(Buffer.from(await chart.body()));
    expect(facts).toMatchObject({ width: 800, height: 400 });
    expect(facts.inked).toBeGreaterThan(0.02);
    await screenshot('dashboard-team');
  });

  it('lets the coordinator export a person as a JSON download and erase them after typing their name', async () => {
    await page.goto(`${running.url}/dashboard`);
    await page.getByRole('link', { name: 'Privacy' }).click();
    await page.waitForURL(/\/dashboard\/privacy$/);
    await expect(page.locator('h1').innerText()).resolves.toBe('Privacy en persoonsgegevens');
    await page.getByLabel('Zoek op naam').fill('anouk');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    const row = page.locator('[data-testid=people] tbody tr');
    await eventually(async () =>
      expect(await row.allInnerTexts()).toEqual([expect.stringContaining('Anouk de Vries')]),
    );
    await screenshot('dashboard-privacy-search');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Exporteren (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^vijfvragen-person-.+\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      person: { id: string; displayName: string };
    };
    expect(exported.person.displayName).toBe('Anouk de Vries');

    await row.getByRole('link', { name: 'Wissen…' }).click();
    await page.waitForURL(/\/erase$/);
    await page.getByLabel(/Typ ter bevestiging de naam/).fill('Anouk de Vries');
    await page.getByRole('button', { name: 'Definitief wissen' }).click();
    await eventually(async () =>
      expect(await page.getByTestId('notice').innerText()).toContain('Anouk de Vries is gewist.'),
    );
    expect(await page.locator('[data-count=identities] td').last().innerText()).toBe('1');
    const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    expect(await running.app.store.people.get(organisationId, exported.person.id)).toBeNull();
    await screenshot('dashboard-privacy');
  });

  it("lands a leader's sign-in link on the dashboard, with the digest page and its chart", async () => {
    const organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    const leader = (await running.app.store.people.list(organisationId)).find((p) => p.displayName.startsWith('Lotte'));
    const token = await signWebToken(
      running.app.config.tokenSecret,
      { organisationId, personId: leader?.id ?? '' },
      'link',
      300,
    );
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const leaderPage = await context.newPage();
    await leaderPage.goto(`${running.url}/auth/link?token=${encodeURIComponent(token)}`);
    expect(new URL(leaderPage.url()).pathname).toBe('/dashboard');
    expect(await leaderPage.locator('.who').innerText()).toContain('Lotte Leeuwen');
    await leaderPage.getByRole('link', { name: 'Weekoverzicht' }).click();
    await leaderPage.waitForURL(/\/dashboard\/digest/);
    expect(await leaderPage.locator('main').innerText()).toContain('Fase per school');
    page = leaderPage;
    expect(await imageWidth('[data-testid=digest-chart]')).toBe(800);
    await screenshot('dashboard-digest');

    // The same digest on request in chat: `/vijfvragen digest` in the web channel.
    await leaderPage.goto(`${running.url}/web`);
    await leaderPage.locator('#cmd').fill('digest');
    await leaderPage.getByRole('button', { name: 'Verstuur' }).click();
    await eventually(async () =>
      expect(await leaderPage.locator('.flash').innerText()).toMatch(
        /Weekoverzicht (\d{4}-W\d{2}): http:\/\/127\.0\.0\.1:\d+\/dashboard\/digest\?week=\1/,
      ),
    );
    // An absolute link with the port the server is bound to (PORT=0), not `:0`.
    const link = leaderPage.locator('.flash a');
    expect(await link.getAttribute('href')).toMatch(
      new RegExp(`^${running.url}/dashboard/digest\\?week=\\d{4}-W\\d{2}$`),
    );
    await link.click();
    await leaderPage.waitForURL(/\/dashboard\/digest\?week=/);
    expect(await leaderPage.locator('h1').innerText()).toMatch(/^Weekoverzicht \d{4}-W\d{2}$/);
    await context.close();
  });
});
