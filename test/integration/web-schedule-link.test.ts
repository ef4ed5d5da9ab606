import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Person, Role } from '../../src/dialogues/model.js';
import { createLogger } from '../../src/logger.js';
import { startVijfVragen } from '../../src/main.js';
import { aTemplate } from '../support/builders.js';

/**
 * The local web channel links a coordinator to the dashboard's schedule form, where Slack opens
 * its modal and Teams its card: on the channel page next to "start a round", and in the answer to
 * `schema nieuw`. The web channel's session signs the person in to the dashboard, so the plain
 * absolute link opens the form.
 */
describe('the web channel links a coordinator to the schedule form', () => {
  let running: Awaited<ReturnType<typeof startVijfVragen>>;
  let organisationId = '';
  let bindingId = '';
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
    running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
    const { store, deps } = running.app;
    const now = deps.clock.now();
    organisationId = deps.newId();
    await store.organisations.create({
      id: organisationId,
      name: 'Plan board',
      locale: 'nl',
      timeZone: 'Europe/Amsterdam',
      retentionDays: null,
      createdAt: now,
    });
    await store.schools.create({ id: 'school-1', organisationId, name: 'De Linde' });
    await store.teams.create({ id: 'team-a', organisationId, schoolId: 'school-1', name: 'Groep 3-5' });
    await store.templates.create(aTemplate(organisationId, { name: 'Vijf vragen', createdAt: now }));
    const binding = await store.bindings.upsert({
      id: deps.newId(),
      organisationId,
      teamId: 'team-a',
      platform: 'web',
      workspaceId: 'local',
      channelId: 'plan',
      name: '#plan',
      address: {},
      createdAt: now,
    });
    bindingId = binding.id;
    for (const [handle, role, locale] of [
      ['coordinator', 'coordinator', 'nl'],
      ['member', 'member', 'nl'],
      ['english', 'coordinator', 'en'],
    ] as const) {
      const person: Person = {
        id: deps.newId(),
        organisationId,
        displayName: handle,
        locale,
        email: null,
        createdAt: now,
      };
      await store.people.create(person);
      await store.people.grantRole({
        organisationId,
        personId: person.id,
        role: role satisfies Role,
        scope: { kind: 'team', teamId: 'team-a' },
      });
      const res = await fetch(`${running.url}/web/signin`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ organisationId, personId: person.id }),
      });
      cookies.set(handle, (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '');
    }
  });
  afterAll(async () => running?.stop());

  const get = async (handle: string, path: string, extraCookie = '') =>
    fetch(`${running.url}${path}`, {
      redirect: 'manual',
      headers: { cookie: [cookies.get(handle), extraCookie].filter(Boolean).join('; ') },
    });

  /** The plan link on the channel page (its `href`), or null when the page has none. */
  const planLink = (page: string) => /data-testid="plan-schedule"[^]*?<a href="([^"]+)"/.exec(page)?.[1] ?? null;

  it('shows the coordinator an absolute link to the form, which opens signed in', async () => {
    const page = await (await get('coordinator', `/web/channels/${bindingId}`)).text();
    expect(page).toContain('Liever vaste rondes, zoals elke maandag?');
    expect(page).toContain('Plan een schema op het dashboard');
    const href = planLink(page);
    expect(href).toBe(`${running.url}/dashboard/schedules/new`);

    // No signed link is needed: the web channel's session is the dashboard's.
    const form = await get('coordinator', new URL(href ?? '').pathname);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Groep 3-5');
    expect(html).toContain('Schema toevoegen');
  });

  it('answers `schema nieuw` with the same link, clickable', async () => {
    const posted = await fetch(`${running.url}/web/channels/${bindingId}/command`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookies.get('coordinator') ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: 'schema nieuw' }),
    });
    expect(posted.status).toBe(303);
    const flash = (posted.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(flash).toMatch(/^vv_flash=/);
    const page = await (await get('coordinator', `/web/channels/${bindingId}`, flash)).text();
    const url = `${running.url}/dashboard/schedules/new`;
    expect(page).toContain(`kan op het dashboard: <a href="${url}">${url}</a>`);
  });

  it('speaks English to an English coordinator', async () => {
    const page = await (await get('english', `/web/channels/${bindingId}`)).text();
    expect(page).toContain('Rather have regular rounds, say every Monday?');
    expect(planLink(page)).toBe(`${running.url}/dashboard/schedules/new`);
  });

  it('offers no plan link to a member, whom the form refuses', async () => {
    const page = await (await get('member', `/web/channels/${bindingId}`)).text();
    expect(page).toContain('#plan');
    expect(planLink(page)).toBeNull();
    expect((await get('member', '/dashboard/schedules/new')).status).toBe(403);
  });
});
