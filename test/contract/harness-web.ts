import { loadConfig } from '../../src/config.js';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import type { Person } from '../../src/dialogues/model.js';
import type { QuestionKey } from '../../src/dialogues/questions.js';
import { renderPost } from '../../src/bot/web/web-post.js';
import { startVijfVragen } from '../../src/main.js';
import { createLogger } from '../../src/logger.js';
import type { ChannelHarness } from './harness.js';

/** The local web channel driven over HTTP like a browser would: a cookie per user, forms posted. */
export async function createWebHarness(): Promise<ChannelHarness> {
  const config = loadConfig({ DATA_DIR: 'memory://', PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
  const running = await startVijfVragen(config, { ticker: false, log: createLogger('silent') });
  const { store, deps } = running.app;
  const now = deps.clock.now();
  const organisationId = deps.newId();
  await store.organisations.create({
    id: organisationId,
    name: 'Web board',
    locale: 'nl',
    timeZone: 'Europe/Amsterdam',
    retentionDays: null,
    createdAt: now,
  });
  await store.schools.create({ id: 'school-1', organisationId, name: 'De Linde' });
  await store.teams.create({ id: 'lobby', organisationId, schoolId: 'school-1', name: 'Lobby' });
  const binding = await store.bindings.upsert({
    id: deps.newId(),
    organisationId,
    teamId: 'lobby',
    platform: 'web',
    workspaceId: 'local',
    channelId: 'contract',
    name: '#contract',
    address: {},
    createdAt: now,
  });
  const users = new Map<string, { person: Person; cookie: string }>();

  async function user(handle: string): Promise<{ person: Person; cookie: string }> {
    const known = users.get(handle);
    if (known) return known;
    const person: Person = {
      id: deps.newId(),
      organisationId,
      displayName: handle,
      locale: 'nl',
      email: null,
      createdAt: now,
    };
    await store.people.create(person);
    if (handle === 'coordinator')
      await store.people.grantRole({
        organisationId,
        personId: person.id,
        role: 'coordinator',
        scope: { kind: 'organisation' },
      });
    const res = await fetch(`${running.url}/web/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ organisationId, personId: person.id }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const entry = { person, cookie };
    users.set(handle, entry);
    return entry;
  }

  async function ensureMember(handle: string): Promise<{ person: Person; cookie: string }> {
    const entry = await user(handle);
    const current = await store.bindings.get(organisationId, binding.id);
    if (handle.startsWith('member') && current)
      await store.people.grantRole({
        organisationId,
        personId: entry.person.id,
        role: 'member',
        scope: { kind: 'team', teamId: current.teamId },
      });
    return entry;
  }

  /** Posts a form as the user and returns the flash message the page shows afterwards. */
  async function post(handle: string, path: string, fields: Record<string, string>): Promise<string> {
    const { cookie } = await ensureMember(handle);
    const res = await fetch(`${running.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    const flash = /vv_flash=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (!flash) return '';
    return (JSON.parse(decodeURIComponent(flash)) as { text: string }).text;
  }

  async function sentPosts() {
    const all = await store.deliveries.list(organisationId, { statuses: ['sent'] });
    return all
      .filter((d) => d.target.kind === 'channel' && d.target.bindingId === binding.id)
      .sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0));
  }

  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();

  return {
    platform: 'web',
    store,
    organisationId,
    bind: (handle, teamName) => post(handle, `/web/channels/${binding.id}/command`, { text: `koppel ${teamName}` }),
    command: (handle, text) => post(handle, `/web/channels/${binding.id}/command`, { text }),
    startRound: (handle, theme) => post(handle, `/web/channels/${binding.id}/rounds`, { theme }),
    async flush() {
      for (let i = 0; i < 20; i += 1) if ((await deliverDue(deps, running.channels)).claimed === 0) return;
    },
    async prompts() {
      return (await sentPosts())
        .filter((d) => d.purpose === 'prompt')
        .map((d) => ({ roundId: d.roundId ?? '', text: text(renderPost(d.message, 'nl', 'Europe/Amsterdam').value) }));
    },
    answerForm: (handle, roundId, answers: Partial<Record<QuestionKey, string>>) =>
      post(handle, `/web/rounds/${roundId}/answers`, answers as Record<string, string>),
    async threadReply(handle, roundId, body, messageId) {
      await post(handle, `/web/rounds/${roundId}/thread`, { text: body, messageId });
    },
    async editThread(handle, roundId, messageId, body, options = {}) {
      for (let i = 0; i < (options.redelivery ? 2 : 1); i += 1)
        await post(handle, `/web/rounds/${roundId}/thread/edit`, { text: body, messageId });
    },
    async deleteThread(handle, roundId, messageId) {
      await post(handle, `/web/rounds/${roundId}/thread/delete`, { messageId });
    },
    async allPostedText() {
      const page = await fetch(`${running.url}/web/channels/${binding.id}`, {
        headers: { cookie: (await user('coordinator')).cookie },
      });
      return page.text();
    },
    close: () => running.stop(),
  };
}
