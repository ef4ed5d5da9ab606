import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { MAX_REPLY_CHARS } from '../../src/dialogues/limits.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { closeRound } from '../../src/dialogues/round-lifecycle.js';
import { inviteGuest } from '../../src/dialogues/guests/invite-guest.js';
import { guestUrl, signGuestToken } from '../../src/services/guest-token.js';
import { RATE_LIMITS } from '../../src/rate-limits.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen, type Running } from '../../src/main.js';
import { eventually, launchBrowser } from '../support/browser.js';

/**
 * Nobody loses typed text: the person picker says who is who, someone outside a team is offered
 * the way in instead of a form that would refuse, and every refused answer comes back with its text.
 */
describe('the web channel keeps what a person typed', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let organisationId = '';

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', LOG_LEVEL: 'silent', DELIVERY_POLL_MS: '200' });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    mkdirSync('test-results', { recursive: true });
    organisationId = (await running.app.store.organisations.list())[0]?.id ?? '';
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

  async function openTeamRound(teamName: string, theme: string): Promise<string> {
    const team = (await running.app.store.teams.findByName(organisationId, teamName))[0];
    const opened = await openRound(running.app.deps, {
      organisationId,
      teamId: team?.id ?? '',
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
      theme,
      secondConfirmed: true,
    });
    if (!opened.ok) throw new Error(opened.code);
    return opened.value.round.id;
  }

  it('lists people by name with their teams and roles', async () => {
    await page.goto(`${running.url}/`);
    const names = await page
      .locator('.people button')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-person') ?? ''));
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'nl')));
    expect(await page.getByRole('button', { name: /Gijs Mulder/ }).innerText()).toContain('teamlid: Groep 6-8');
    expect(await page.getByRole('button', { name: /Coby Koster/ }).innerText()).toContain(
      'coördinator: hele organisatie',
    );
    await page.screenshot({ path: 'test-results/web-picker.png', fullPage: true });
  });

  it('offers someone outside the team the way in, instead of a form that would refuse', async () => {
    const roundId = await openTeamRound('Groep 1-2', 'rekenen');
    await signInAs(/Gijs Mulder/);
    await page.getByRole('link', { name: /groep-1-2/ }).click();
    const card = page.locator(`article[data-round="${roundId}"]`);
    await card.waitFor();
    expect(await card.getByTestId('answer-form').count()).toBe(0);
    expect(await card.getByTestId('join-team').innerText()).toContain('Je bent geen lid van team Groep 1-2');
    await card.getByRole('button', { name: 'Word lid van team Groep 1-2' }).click();
    await eventually(async () =>
      expect(await page.locator('.flash').innerText()).toContain('Je bent nu lid van team Groep 1-2'),
    );
    await page.locator(`article[data-round="${roundId}"] [data-testid=answer-form]`).waitFor();
  });

  it('counts characters, says when the limit is reached and blocks a longer text instead of cutting it', async () => {
    await openTeamRound('Groep 6-8', 'lezen');
    await signInAs(/Hanna de Boer/);
    await page.getByRole('link', { name: /groep-6-8/ }).click();
    const field = page.getByLabel('1. Doen we de goede dingen?').first();
    await field.fill('Twaalf tekens');
    const counter = page.locator(`#${await field.getAttribute('id')}-count`);
    expect(await counter.innerText()).toBe('13 van 4.000 tekens');
    await field.fill('x'.repeat(MAX_REPLY_CHARS));
    expect(await counter.innerText()).toContain('De limiet van 4.000 tekens is bereikt.');
    const tooLong = 'y'.repeat(MAX_REPLY_CHARS + 25);
    await field.fill(tooLong);
    // Nothing is cut: the field holds every character and says how many are too many.
    expect(await field.inputValue()).toHaveLength(MAX_REPLY_CHARS + 25);
    expect(await counter.innerText()).toContain('25 tekens te veel');
    expect(await field.evaluate((el) => (el as HTMLTextAreaElement).validity.valid)).toBe(false);
    await page.screenshot({ path: 'test-results/web-counter-over.png', fullPage: true });
  });

  it('brings a refused answer back in its field, and keeps the text of a round that closed meanwhile', async () => {
    const roundId = await openTeamRound('Groep 3-5', 'taal');
    await signInAs(/Daan Visser/);
    await page.getByRole('link', { name: /groep-3-5/ }).click();
    const form = page.locator(`article[data-round="${roundId}"] [data-testid=answer-form]`);
    await form.waitFor();
    // Too long, sent by a browser without the counter script: the server refuses, the text comes back.
    const tooLong = `Begin. ${'z'.repeat(MAX_REPLY_CHARS)}`;
    await form.getByLabel('3. Hoe weten we dat?').fill('De toetsen.');
    await form.getByLabel('1. Doen we de goede dingen?').fill(tooLong);
    await form.evaluate((el) => ((el as HTMLFormElement).noValidate = true));
    await form.getByRole('button', { name: 'Antwoorden' }).click();
    await eventually(async () => expect(await page.locator('.flash.error').innerText()).toContain('te lang'));
    const again = page.locator(`article[data-round="${roundId}"] [data-testid=answer-form]`);
    expect(await again.getByLabel('1. Doen we de goede dingen?').inputValue()).toBe(tooLong);
    expect(await again.getByLabel('3. Hoe weten we dat?').inputValue()).toBe('De toetsen.');
    expect(await running.app.store.replies.listByRound(organisationId, roundId)).toHaveLength(0);

    // The round closes while the person types: the answer is refused, and the text stays on screen.
    await again.getByLabel('1. Doen we de goede dingen?').fill('Ja, met een nieuw leesplan.');
    const coordinator = (await running.app.store.people.list(organisationId)).find((p) =>
      p.displayName.startsWith('Coby Koster'),
    );
    const closed = await closeRound(running.app.deps, organisationId, roundId, coordinator?.id ?? '');
    expect(closed.ok).toBe(true);
    await again.getByRole('button', { name: 'Antwoorden' }).click();
    await eventually(async () => expect(await page.locator('.flash.error').innerText()).toContain('is gesloten'));
    const kept = page.locator(`article[data-round="${roundId}"] [data-testid=kept-text]`);
    expect(await kept.getByLabel(/Doen we de goede dingen\?/).inputValue()).toBe('Ja, met een nieuw leesplan.');
    expect(await kept.getByLabel(/Hoe weten we dat\?/).inputValue()).toBe('De toetsen.');
    await page.screenshot({ path: 'test-results/web-kept-text.png', fullPage: true });
    // The page does not reload itself over the kept text.
    await page.waitForTimeout(2_500);
    expect(await kept.getByLabel(/Doen we de goede dingen\?/).inputValue()).toBe('Ja, met een nieuw leesplan.');
  }, 120_000);

  it('brings a refused thread remark back in the thread field', async () => {
    const roundId = await openTeamRound('Onderbouw', 'rust');
    await signInAs(/Kees van Dijk/);
    await page.getByRole('link', { name: /onderbouw/ }).click();
    const card = page.locator(`article[data-round="${roundId}"]`);
    const thread = card.getByLabel('Reactie in de draad');
    await thread.waitFor();
    const remark = `3. ${'w'.repeat(MAX_REPLY_CHARS + 1)}`;
    await thread.fill(remark);
    await card.locator('form.row').evaluate((el) => ((el as HTMLFormElement).noValidate = true));
    await card.getByRole('button', { name: 'Reageer' }).click();
    await eventually(async () => expect(await page.locator('.flash.error').innerText()).toContain('te lang'));
    expect(await page.locator(`article[data-round="${roundId}"]`).getByLabel('Reactie in de draad').inputValue()).toBe(
      remark,
    );
  }, 120_000);

  it("keeps a guest's refused view on the page: too long, and over the address's rate limit", async () => {
    const roundId = await openTeamRound('Bovenbouw', 'burgerschap');
    const coordinator = (await running.app.store.people.list(organisationId)).find((p) =>
      p.displayName.startsWith('Coby Koster'),
    );
    await closeRound(running.app.deps, organisationId, roundId, coordinator?.id ?? '');
    const invited = await inviteGuest(running.app.deps, { organisationId, actorPersonId: null, roundId, name: 'MR' });
    if (!invited.ok) throw new Error(invited.code);
    const url = guestUrl(running.url, await signGuestToken(running.app.deps.tokenSecret, invited.value));
    const guest = await browser.newPage();
    await guest.goto(url);
    const field = guest.locator('#view');
    const tooLong = `Opvallend: ${'v'.repeat(MAX_REPLY_CHARS)}`;
    await field.fill(tooLong);
    expect(await guest.locator('#view-count').innerText()).toContain('tekens te veel');
    await guest.locator('form').evaluate((el) => ((el as HTMLFormElement).noValidate = true));
    await guest.getByRole('button', { name: 'Versturen' }).click();
    await eventually(async () => expect(await guest.locator('.flash.error').innerText()).toContain('te lang'));
    expect(await guest.locator('#view').inputValue()).toBe(tooLong);

    // Used up the address's posts for this minute (each a refused empty view), then a real one: kept.
    for (let i = 0; i < RATE_LIMITS.guestPosts; i += 1) await guest.request.post(url, { form: { view: '' } });
    await guest.locator('#view').fill('Mooi dat de leerlingen zelf kiezen.');
    await guest.getByRole('button', { name: 'Versturen' }).click();
    await eventually(async () =>
      expect(await guest.locator('.flash.error').innerText()).toContain('Te veel verzoeken'),
    );
    expect(await guest.locator('#view').inputValue()).toBe('Mooi dat de leerlingen zelf kiezen.');
    await guest.screenshot({ path: 'test-results/guest-kept-text.png', fullPage: true });
    expect(await running.app.store.replies.listByRound(organisationId, roundId)).toHaveLength(0);
    await guest.close();
  }, 120_000);
});
