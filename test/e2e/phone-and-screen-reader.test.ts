import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { guestUrl, signGuestToken } from '../../src/services/guest-token.js';
import { loadConfig } from '../../src/config.js';
import { inviteGuest } from '../../src/dialogues/guests/invite-guest.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { closeRound } from '../../src/dialogues/round-lifecycle.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { horizontalOverflow, seriousViolations } from '../support/axe.js';
import { launchBrowser } from '../support/browser.js';
import { pngFacts } from '../support/png.js';

const PHONE = { width: 360, height: 740 };

/**
 * Every page at a phone's width (360 px) and through axe-core's WCAG 2.1 A/AA rules: nothing
 * wider than the screen, no serious or critical violation; and answering works by keyboard alone.
 */
describe('every page on a phone and for a screen reader', () => {
  let running: Running;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let organisationId = '';
  const pages: { name: string; path: string }[] = [];

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', DELIVERY_POLL_MS: '200' });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    browser = await launchBrowser();
    // bypassCSP lets the test inject axe-core; the pages' own policy allows no inline script.
    context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    page = await context.newPage();
    mkdirSync('test-results', { recursive: true });
    const { store, deps } = running.app;
    organisationId = (await store.organisations.list())[0]?.id ?? '';
    const people = await store.people.list(organisationId);
    const coordinator = people.find((p) => p.displayName.startsWith('Coby Koster'));
    const team = (await store.teams.findByName(organisationId, 'Groep 6-8'))[0];
    // A closed round with answers (round page, guest page) and an open one (the answer form).
    const round = async (theme: string) => {
      const opened = await openRound(deps, {
        organisationId,
        teamId: team?.id ?? '',
        trigger: 'ad_hoc',
        triggeredBy: coordinator?.id ?? null,
        template: null,
        theme,
        secondConfirmed: true,
      });
      if (!opened.ok) throw new Error(opened.code);
      return opened.value.round;
    };
    const closed = await round('spelling');
    for (const name of ['Gijs Mulder', 'Hanna de Boer', 'Iris Meijer']) {
      const person = people.find((p) => p.displayName === name);
      await recordAnswers(deps, {
        organisationId,
        roundId: closed.id,
        personId: person?.id ?? '',
        answers: [
          { key: 'right_things', text: 'Ja, we oefenen elke dag met woordpakketten.' },
          { key: 'evidence', text: 'De dictees laten een stijgende lijn zien.' },
        ],
        source: 'web',
        platform: 'web',
      });
    }
    await closeRound(deps, organisationId, closed.id, coordinator?.id ?? '');
    await round('begrijpend lezen');
    const invited = await inviteGuest(deps, {
      organisationId,
      actorPersonId: null,
      roundId: closed.id,
      name: 'MR De Regenboog',
    });
    if (!invited.ok) throw new Error(invited.code);
    const guest = new URL(guestUrl(running.url, await signGuestToken(deps.tokenSecret, invited.value)));
    const binding = (await store.bindings.listByTeam(organisationId, team?.id ?? '')).find((b) => b.platform === 'web');
    pages.push(
      { name: 'picker', path: '/' },
      { name: 'web-channel', path: `/web/channels/${binding?.id ?? ''}` },
      { name: 'dashboard-overview', path: '/dashboard' },
      { name: 'dashboard-team', path: `/dashboard/teams/${team?.id ?? ''}` },
      { name: 'dashboard-round', path: `/dashboard/rounds/${closed.id}` },
      { name: 'dashboard-outcomes', path: '/dashboard/outcomes' },
      { name: 'dashboard-schedules', path: '/dashboard/schedules' },
      { name: 'dashboard-digest', path: '/dashboard/digest' },
      { name: 'dashboard-privacy', path: '/dashboard/privacy' },
      { name: 'dashboard-report', path: '/dashboard/report' },
      { name: 'guest', path: guest.pathname },
      { name: 'privacy-statement', path: '/privacy' },
      { name: 'terms', path: '/terms?lang=en' },
    );
    // The delivery worker posts the prompts; the channel page shows them once they are sent.
    await page.goto(`${running.url}/`);
    await page.getByRole('button', { name: /Coby Koster/ }).click();
    await page.waitForURL(/\/web\/channels\//);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('fits every page in 360 px and finds no serious or critical WCAG 2.1 AA violation', async () => {
    const problems: string[] = [];
    for (const { name, path } of pages) {
      const response = await page.goto(`${running.url}${path}`);
      expect(response?.status(), name).toBe(200);
      await page.waitForLoadState('networkidle');
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) {
        const wide = await page.evaluate(() =>
          Array.from(document.querySelectorAll('body *'))
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth)
            .slice(-3)
            .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className)}` : ''}`),
        );
        problems.push(`${name}: ${overflow} px wider than the screen (${wide.join(', ')})`);
      }
      for (const v of await seriousViolations(page))
        problems.push(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.slice(0, 3).join(', ')}`);
      const facts = pngFacts(await page.screenshot({ path: `test-results/phone-${name}.png`, fullPage: true }));
      // A full-page screenshot wider than the viewport means something sticks out sideways.
      if (facts.width !== PHONE.width) problems.push(`${name}: screenshot ${facts.width} px wide`);
      expect(facts.colours, name).toBeGreaterThan(5);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('says what the team chart shows in words, and says so when there is nothing to draw', async () => {
    const { store } = running.app;
    const drawn = (await store.teams.findByName(organisationId, 'Groep 6-8'))[0];
    await page.goto(`${running.url}/dashboard/teams/${drawn?.id ?? ''}`);
    const caption = page.getByTestId('team-chart-figure').locator('figcaption');
    expect(await caption.innerText()).toMatch(/Respons per week: .*\d+ %/);
    // A team of a school added today has no figures and no rounds: a sentence, not bare axes.
    const school = { id: crypto.randomUUID(), organisationId, name: 'De Nieuwe School' };
    await store.schools.create(school);
    const empty = { id: crypto.randomUUID(), organisationId, schoolId: school.id, name: 'Nieuw team' };
    await store.teams.create(empty);
    await page.goto(`${running.url}/dashboard/teams/${empty.id}`);
    expect(await page.getByTestId('team-chart-empty').innerText()).toContain('Nog geen cijfers of antwoorden');
    expect(await page.getByTestId('team-chart').count()).toBe(0);
  }, 60_000);

  it('gives the digest chart and the report charts their figures in words, and says so when there are none', async () => {
    await page.goto(`${running.url}/dashboard/digest`);
    const digest = page.getByTestId('digest-chart-figure').locator('figcaption');
    expect(await digest.innerText()).toMatch(/Respons per week: .*\d+ %/);
    expect(await page.getByTestId('digest-chart').getAttribute('alt')).toContain('Grafiek');

    await page.goto(`${running.url}/dashboard/report`);
    const school = await page.locator('select[name=subject] option', { hasText: 'De Regenboog' }).getAttribute('value');
    const report = new URL(`${running.url}/dashboard/report`);
    report.searchParams.set('subject', school ?? '');
    await page.goto(report.toString());
    const outcomes = page.getByTestId('outcomes-chart-figure');
    expect(await outcomes.locator('img').getAttribute('alt')).toBe('Resultaten over de jaren');
    expect(await outcomes.locator('figcaption').innerText()).toMatch(/\d{4}.*: \d/);
    const participation = page.getByTestId('participation-chart-figure').locator('figcaption');
    expect(await participation.innerText()).toMatch(/Groep 1-2: \d+%/);
    // A school year before the board began: nothing charted, and the page says so.
    const empty = new URL(report);
    empty.searchParams.set('year', '2019-2020');
    await page.goto(empty.toString());
    expect(await page.getByTestId('participation-chart-empty').innerText()).toBe(
      'Nog geen deelname om te tekenen in deze periode.',
    );
    expect(await page.locator('img.chart').count()).toBe(0);
  }, 60_000);

  it("builds the manifest's privacy statement from the organisation's settings, in Dutch and English", async () => {
    await running.app.store.organisations.update(organisationId, { retentionDays: 400 });
    await page.goto(`${running.url}/privacy`);
    expect(await page.locator('h1').innerText()).toBe('Privacyverklaring');
    expect(await page.getByTestId('retention').innerText()).toContain('na 400 dagen automatisch verwijderd');
    expect(await page.getByTestId('min-group').innerText()).toBe('Minimale groepsgrootte: 3.');
    expect(await page.locator('main').innerText()).toContain('Stichting');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('h1').innerText()).toBe('Privacy statement');
    expect(await page.getByTestId('retention').innerText()).toContain('after 400 days');
    await running.app.store.organisations.update(organisationId, { retentionDays: null });
    await page.goto(`${running.url}/privacy`);
    expect(await page.getByTestId('retention').innerText()).toContain('geen automatische termijn');
    const terms = await page.request.get(`${running.url}/terms`);
    expect(terms.status()).toBe(200);
    expect(await terms.text()).toContain('Gebruiksvoorwaarden');
  });
});
