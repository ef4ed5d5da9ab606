import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signWebToken } from '../../src/bot/web/session.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { horizontalOverflow, seriousViolations } from '../support/axe.js';
import { eventually, launchBrowser } from '../support/browser.js';
import { pngFacts } from '../support/png.js';

const CALENDAR = readFileSync(new URL('../fixtures/calendars/schoolvakanties-2026-2027-midden.ics', import.meta.url));

/** A coordinator plans without cron on the dashboard: create, edit, pause, remove, with a holiday calendar. */
describe('planning schedules on the dashboard in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let organisationId: string;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent' });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    mkdirSync('test-results', { recursive: true });
    await page.goto(`${running.url}/`);
    await page.getByRole('button', { name: /Coby Koster/ }).click();
    await page.waitForURL(/\/web\/channels\//);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function screenshot(name: string, on: Page = page): Promise<void> {
    const facts = pngFacts(await on.screenshot({ path: `test-results/${name}.png`, fullPage: true }));
    expect(facts.width).toBe(on.viewportSize()?.width);
    expect(facts.height).toBeGreaterThanOrEqual(on.viewportSize()?.height ?? 0);
    expect(facts.colours).toBeGreaterThan(20);
    expect(facts.inked).toBeGreaterThan(0.01);
  }

  const schedules = () => running.app.store.schedules.list(organisationId);

  it('lists the demo schedule in words, never as a cron expression', async () => {
    await page.goto(`${running.url}/dashboard/schedules`);
    const table = await page.getByTestId('schedules').innerText();
    expect(table).toContain('Elke maandag om 09:00');
    expect(table).toContain('2 vakantieperiode(s)');
    expect(table).not.toMatch(/\d+ \d+ \* \* \d/);
  });

  it('creates a schedule every 2 weeks with a window and a holiday calendar', async () => {
    const before = (await schedules()).length;
    await page.getByTestId('new-schedule').click();
    await page.waitForURL(/\/dashboard\/schedules\/new$/);
    await page.getByRole('checkbox', { name: /Groep 3-5/ }).check();
    await page.getByLabel('Dag').selectOption({ label: 'woensdag' });
    await page.getByLabel('Tijd', { exact: true }).fill('14:30');
    await page.getByLabel('Om de hoeveel weken').fill('2');
    await page.getByLabel('Hoe lang open (uren)').fill('48');
    await page.getByLabel('Wie ziet de antwoorden').selectOption('anonymous');
    await page.setInputFiles('#plan-holidays', { name: 'vakanties.ics', mimeType: 'text/calendar', buffer: CALENDAR });
    await screenshot('schedules-new-form');
    await page.getByRole('button', { name: 'Schema toevoegen' }).click();
    await page.waitForURL(/\/dashboard\/schedules\?notice=created/);
    expect(await page.getByTestId('notice').innerText()).toContain('Om de 2 weken op woensdag om 14:30');
    const created = (await schedules()).find((s) => s.cron === '30 14 * * 3');
    expect(created).toMatchObject({ everyWeeks: 2, windowHours: 48, visibility: 'anonymous', paused: false });
    expect(created?.blackouts.map((b) => b.label)).toContain('Kerstvakantie');
    expect(created?.blackouts.length).toBeGreaterThanOrEqual(5);
    expect((await schedules()).length).toBe(before + 1);
    const row = page.locator(`tr[data-schedule="${created?.id}"]`);
    expect(await row.innerText()).toMatch(/Om de 2 weken op woensdag om 14:30[\s\S]*48 uur open/);
    await screenshot('schedules-list');
  });

  it('refuses 25:00 and a broken .ics with a clear error, keeping what was typed and changing nothing', async () => {
    const before = await schedules();
    await page.goto(`${running.url}/dashboard/schedules/new`);
    await page.getByRole('checkbox', { name: /Groep 3-5/ }).check();
    await page.getByLabel('Tijd', { exact: true }).fill('25:00');
    await page.getByRole('button', { name: 'Schema toevoegen' }).click();
    await eventually(async () => expect(await page.getByTestId('notice').innerText()).toContain('00:00 tot 23:59'));
    expect(await page.getByLabel('Tijd', { exact: true }).inputValue()).toBe('25:00');
    expect(await page.getByLabel('Tijd', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('checkbox', { name: /Groep 3-5/ }).isChecked()).toBe(true);

    await page.getByLabel('Tijd', { exact: true }).fill('09:15');
    await page.setInputFiles('#plan-holidays', {
      name: 'kapot.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from('BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:zonder begin\nEND:VEVENT\nEND:VCALENDAR\n'),
    });
    await page.getByRole('button', { name: 'Schema toevoegen' }).click();
    await eventually(async () =>
      expect(await page.getByTestId('notice').innerText()).toContain('geen leesbare iCalendar'),
    );
    await screenshot('schedules-bad-calendar');
    expect(await schedules()).toEqual(before);
  });

  it('edits the schedule: another day and every week, holidays kept', async () => {
    const created = (await schedules()).find((s) => s.cron === '30 14 * * 3');
    await page.goto(`${running.url}/dashboard/schedules`);
    await page.locator(`tr[data-schedule="${created?.id}"]`).getByTestId('edit').click();
    await page.waitForURL(/\/edit$/);
    expect(await page.getByLabel('Tijd', { exact: true }).inputValue()).toBe('14:30');
    expect(await page.getByTestId('holidays').innerText()).toContain('Kerstvakantie');
    await page.getByLabel('Dag').selectOption({ label: 'donderdag' });
    await page.getByLabel('Om de hoeveel weken').fill('1');
    await page.getByRole('button', { name: 'Bewaren' }).click();
    await page.waitForURL(/notice=updated/);
    const edited = (await schedules()).find((s) => s.id === created?.id);
    expect(edited).toMatchObject({ cron: '30 14 * * 4', everyWeeks: 1, windowHours: 48 });
    expect(edited?.blackouts).toEqual(created?.blackouts);
    expect(await page.locator(`tr[data-schedule="${created?.id}"]`).innerText()).toContain('Elke donderdag om 14:30');
  });

  it('pauses, resumes and removes after a confirmation step', async () => {
    const id = (await schedules()).find((s) => s.cron === '30 14 * * 4')?.id ?? '';
    const row = () => page.locator(`tr[data-schedule="${id}"]`);
    await row().getByTestId('pause').click();
    await page.waitForURL(/notice=paused/);
    expect(await row().innerText()).toContain('gepauzeerd');
    expect((await running.app.store.schedules.get(organisationId, id))?.paused).toBe(true);
    await row().getByTestId('resume').click();
    await page.waitForURL(/notice=resumed/);
    expect((await running.app.store.schedules.get(organisationId, id))?.paused).toBe(false);

    await row().getByTestId('remove').click();
    await eventually(async () => expect(await page.locator('main').innerText()).toContain('Dit schema verwijderen?'));
    expect(await running.app.store.schedules.get(organisationId, id)).not.toBeNull();
    await screenshot('schedules-remove-confirm');
    await page.getByTestId('confirm-remove').click();
    await page.waitForURL(/notice=removed/);
    expect(await running.app.store.schedules.get(organisationId, id)).toBeNull();
    expect(await row().count()).toBe(0);
  });

  it('fits the form and the list in 360 px with no serious WCAG 2.1 AA violation, keyboard included', async () => {
    // bypassCSP lets the test inject axe-core; the pages' own policy allows no inline script.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const phone = await context.newPage();
    try {
      await phone.goto(`${running.url}/`);
      await phone.getByRole('button', { name: /Coby Koster/ }).click();
      await phone.waitForURL(/\/web\/channels\//);
      for (const path of ['/dashboard/schedules/new', '/dashboard/schedules']) {
        await phone.goto(`${running.url}${path}`);
        expect(await horizontalOverflow(phone), path).toBe(0);
        expect(await seriousViolations(phone), path).toEqual([]);
      }
      // The form by keyboard alone: Tab reaches the time field and the submit button.
      await phone.goto(`${running.url}/dashboard/schedules/new`);
      const reached: string[] = [];
      for (let i = 0; i < 40 && !reached.includes('BUTTON'); i += 1) {
        await phone.keyboard.press('Tab');
        reached.push(await phone.evaluate(() => document.activeElement?.tagName ?? ''));
        if ((await phone.evaluate(() => document.activeElement?.id)) === 'plan-time') reached.push('TIME');
      }
      expect(reached).toContain('TIME');
      expect(reached).toContain('BUTTON');
      await screenshot('schedules-new-phone', phone);
    } finally {
      await context.close();
    }
  });

  it('shows a leader the list without buttons, refuses their posts, and refuses a post from another site', async () => {
    const leader = (await running.app.store.people.list(organisationId)).find((p) => p.displayName.startsWith('Lotte'));
    const token = await signWebToken(
      running.app.config.tokenSecret,
      { organisationId, personId: leader?.id ?? '' },
      'link',
      300,
    );
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const leaderPage = await context.newPage();
    await leaderPage.goto(`${running.url}/auth/link?token=${encodeURIComponent(token)}`);
    await leaderPage.goto(`${running.url}/dashboard/schedules`);
    expect(await leaderPage.getByTestId('schedules').innerText()).toContain('Elke maandag om 09:00');
    expect(await leaderPage.getByTestId('new-schedule').count()).toBe(0);
    expect(await leaderPage.getByTestId('pause').count()).toBe(0);
    await screenshot('schedules-leader-phone', leaderPage);
    const demo = (await schedules())[0];
    const refused = await leaderPage.request.post(`${running.url}/dashboard/schedules/${demo?.id}/pause`, {
      headers: { origin: running.url },
    });
    expect(refused.status()).toBe(404);
    expect((await running.app.store.schedules.get(organisationId, demo?.id ?? ''))?.paused).toBe(false);
    const form = await leaderPage.request.get(`${running.url}/dashboard/schedules/new`);
    expect(form.status()).toBe(403);
    await context.close();

    const crossSite = await page.request.post(`${running.url}/dashboard/schedules/${demo?.id}/pause`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status()).toBe(403);
    expect((await running.app.store.schedules.get(organisationId, demo?.id ?? ''))?.paused).toBe(false);
  });
});
