import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import { holds } from '../../dialogues/access.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale, Person } from '../../dialogues/model.js';
import { QUESTION_KEYS } from '../../dialogues/questions.js';
import { closeRound } from '../../dialogues/round-lifecycle.js';
import { myAnswers, recordAnswers, recordThreadReply } from '../../dialogues/record-reply.js';
import type { Fail } from '../../dialogues/result.js';
import { t } from '../../i18n/index.js';
import { parseCommand } from '../commands/parse-command.js';
import { runCommand, type CommandFeatures, type CommandReply } from '../commands/run-command.js';
import { html } from './html.js';
import { readSession, startSession, type WebSession } from './session.js';
import { channelBody, channelNav, type ChannelView } from './web-channel-page.js';
import { flashOf, setFlash, takeFlash } from './web-flash.js';
import { layout } from './web-layout.js';
import { pickerBody } from './web-picker-page.js';

export interface WebRoutesOptions {
  deps: DialogueDeps;
  features: CommandFeatures;
  tokenSecret: string;
  /** The person picker (no sign-in) exists only in local mode on the loopback address. */
  localMode: boolean;
}

type Signed = { session: WebSession; person: Person };
const MESSAGE_ID = /^[A-Za-z0-9-]{8,64}$/;

export function createWebRoutes(options: WebRoutesOptions): Router {
  const { deps, tokenSecret } = options;
  const { store } = deps;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  router.use('/web/assets', express.static(fileURLToPath(new URL('./assets/', import.meta.url)), { maxAge: '1h' }));
  router.use(sameOriginPosts);

  if (options.localMode) {
    router.get('/', async (_req, res) => {
      const organisations = await store.organisations.list();
      const groups = [];
      for (const organisation of organisations) {
        const people = await store.people.list(organisation.id);
        const withRoles = await Promise.all(people.map(async (person) => ({ person, grants: await store.people.roles(organisation.id, person.id) })));
        groups.push({ organisation, people: withRoles });
      }
      res.type('html').send(layout({ title: 'Wie ben je?', locale: 'nl', body: pickerBody(groups) }));
    });
    router.post('/web/signin', form, async (req, res) => {
      const organisationId = String(req.body?.organisationId ?? '');
      const person = await store.people.get(organisationId, String(req.body?.personId ?? ''));
      if (!person) return void res.status(400).type('text/plain').send('Unknown person');
      await startSession(res, tokenSecret, { organisationId, personId: person.id });
      res.redirect(303, '/web');
    });
  }

  const signedIn = async (req: Request, res: Response, next: NextFunction) => {
    const session = await readSession(req, tokenSecret);
    const person = session ? await store.people.get(session.organisationId, session.personId) : null;
    if (!session || !person) return void res.redirect(303, '/');
    res.locals.signed = { session, person } satisfies Signed;
    next();
  };

  router.get('/web', signedIn, async (_req, res) => {
    const { session } = res.locals.signed as Signed;
    const first = (await store.bindings.list(session.organisationId)).find((b) => b.platform === 'web');
    if (!first) return void res.type('html').send(layout({ title: 'Vijf Vragen', locale: 'nl', body: html`<p>Geen webkanalen.</p>` }));
    res.redirect(303, `/web/channels/${first.id}`);
  });

  router.get('/web/channels/:id', signedIn, async (req, res) => {
    const view = await loadChannel(res.locals.signed as Signed, String(req.params.id));
    if (!view) return void res.status(404).type('text/plain').send('Not found');
    const { session, person } = res.locals.signed as Signed;
    const all = (await store.bindings.list(session.organisationId)).filter((b) => b.platform === 'web');
    const teams = await store.teams.list(session.organisationId);
    const nav = channelNav(all.map((binding) => ({ binding, teamName: teams.find((t) => t.id === binding.teamId)?.name ?? '' })), view.binding.id, view.locale);
    const body = html`<div data-version-url="/web/channels/${view.binding.id}/version" data-version="${versionOf(view)}">${channelBody(view)}</div>`;
    res.type('html').send(layout({ title: view.binding.name, locale: view.locale, who: person.displayName, nav, body, flash: takeFlash(req, res) }));
  });

  router.get('/web/channels/:id/version', signedIn, async (req, res) => {
    const view = await loadChannel(res.locals.signed as Signed, String(req.params.id));
    res.type('text/plain').send(view ? versionOf(view) : 'gone');
  });

  router.post('/web/channels/:id/rounds', signedIn, form, async (req, res) => {
    const signed = res.locals.signed as Signed;
    const reply = await command(signed, String(req.params.id), `ronde ${String(req.body?.theme ?? '')}`);
    backTo(res, `/web/channels/${String(req.params.id)}`, reply, signed.person.locale);
  });

  router.post('/web/channels/:id/command', signedIn, form, async (req, res) => {
    const signed = res.locals.signed as Signed;
    const channelPath = `/web/channels/${encodeURIComponent(String(req.params.id))}`;
    const reply = await command(signed, String(req.params.id), String(req.body?.text ?? ''));
    backTo(res, channelPath, reply, signed.person.locale, `${channelPath}/command`);
  });

  router.post('/web/rounds/:id/answers', signedIn, form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const answers = QUESTION_KEYS.filter((key) => typeof req.body?.[key] === 'string').map((key) => ({ key, text: String(req.body[key]) }));
    const result = await recordAnswers(deps, { organisationId: session.organisationId, roundId: String(req.params.id), personId: person.id, answers, source: 'web', platform: 'web' });
    const back = await roundChannel(session.organisationId, String(req.params.id));
    backTo(res, back, result.ok ? { kind: 'text', text: t(person.locale, 'prompt.submitted'), visibility: 'private' } : failure(person, result), person.locale);
  });

  router.post('/web/rounds/:id/thread', signedIn, form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const messageId = String(req.body?.messageId ?? '');
    const back = await roundChannel(session.organisationId, String(req.params.id));
    if (!MESSAGE_ID.test(messageId)) return backTo(res, back, failure(person, { ok: false, code: 'input.invalid', details: { field: 'messageId' } }), person.locale);
    const result = await recordThreadReply(deps, { organisationId: session.organisationId, roundId: String(req.params.id), personId: person.id, text: String(req.body?.text ?? ''), platform: 'web', platformMessageId: `web:${messageId}` });
    backTo(res, back, result.ok ? null : failure(person, result), person.locale);
  });

  router.post('/web/rounds/:id/close', signedIn, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const result = await closeRound(deps, session.organisationId, String(req.params.id), person.id);
    backTo(res, await roundChannel(session.organisationId, String(req.params.id)), result.ok ? null : failure(person, result), person.locale);
  });

  async function command(signed: Signed, bindingId: string, text: string): Promise<CommandReply> {
    const binding = await store.bindings.get(signed.session.organisationId, bindingId);
    const channel = binding ? { platform: 'web' as const, workspaceId: binding.workspaceId, channelId: binding.channelId, name: binding.name, address: {} } : null;
    const ctx = { organisationId: signed.session.organisationId, personId: signed.person.id, locale: signed.person.locale, channel, binding };
    return runCommand(deps, options.features, ctx, parseCommand(text));
  }

  async function roundChannel(organisationId: string, roundId: string): Promise<string> {
    const round = await store.rounds.get(organisationId, roundId);
    const binding = round ? (await store.bindings.listByTeam(organisationId, round.teamId)).find((b) => b.platform === 'web') : undefined;
    return binding ? `/web/channels/${binding.id}` : '/web';
  }

  async function loadChannel(signed: Signed, bindingId: string): Promise<ChannelView | null> {
    const { session, person } = signed;
    const binding = await store.bindings.get(session.organisationId, bindingId);
    if (!binding || binding.platform !== 'web') return null;
    const team = await store.teams.get(session.organisationId, binding.teamId);
    const organisation = await store.organisations.get(session.organisationId);
    if (!team || !organisation) return null;
    const grants = await store.people.roles(session.organisationId, person.id);
    const rounds = await store.rounds.list(session.organisationId, { teamId: team.id, limit: 10 });
    const people = new Map((await store.people.list(session.organisationId)).map((p) => [p.id, p]));
    return {
      locale: person.locale,
      timeZone: organisation.timeZone,
      binding,
      team,
      isCoordinator: holds(grants, 'coordinator', { kind: 'team', teamId: team.id, schoolId: team.schoolId }),
      newMessageId: () => crypto.randomUUID(),
      rounds: await Promise.all(rounds.map(async (round) => ({
        round,
        posts: (await store.deliveries.list(session.organisationId, { roundId: round.id, statuses: ['sent'] }))
          .filter((d) => d.target.kind === 'channel' && d.target.bindingId === binding.id)
          .sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0)),
        replies: await store.replies.listByRound(session.organisationId, round.id),
        mine: await myAnswers(deps, session.organisationId, round.id, person.id),
        authors: people,
      }))),
    };
  }

  return router;
}

/** The stamp the page polls: changes whenever a post, an answer or a round's state changes. */
function versionOf(view: ChannelView): string {
  return view.rounds.map((r) => `${r.round.id}:${r.round.status}:${r.posts.length}:${r.replies.length}:${r.replies.map((x) => x.editedAt?.getTime() ?? 0).join('.')}`).join('|') || 'empty';
}

function failure(person: Person, result: Fail<string>): CommandReply {
  return { kind: 'error', code: result.code, text: t(person.locale, `error.${result.code}`, { ...result.details, role: result.details?.role ? t(person.locale, `role.${String(result.details.role) as 'member'}`) : '' }) };
}

function backTo(res: Response, path: string, reply: CommandReply | null, locale: Locale, commandPath: string | null = null): void {
  if (reply) setFlash(res, flashOf(reply, locale, commandPath), locale);
  res.redirect(303, path);
}

/** A page on 127.0.0.1 can still be posted to by any site the browser visits: refuse cross-site posts. */
function sameOriginPosts(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || !req.path.startsWith('/web/')) return next();
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  if (site === 'cross-site' || (origin && origin !== 'null' && new URL(origin).host !== req.headers.host)) {
    res.status(403).type('text/plain').send('Cross-site request refused');
    return;
  }
  next();
}
