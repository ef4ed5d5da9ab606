import { sendNotFound } from '../../http-errors.js';
import express, { type Response, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import { ensureTeamMember } from '../../dialogues/people.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale, Person } from '../../dialogues/model.js';
import { QUESTION_KEYS } from '../../dialogues/questions.js';
import { teamReadable } from '../../dialogues/digest/reader-scope.js';
import { closeRound } from '../../dialogues/round-lifecycle.js';
import { handleThreadMessage } from '../../dialogues/inbound-message.js';
import { recordAnswers } from '../../dialogues/record-reply.js';
import type { Fail } from '../../dialogues/result.js';
import { t } from '../../i18n/index.js';
import { parseCommand } from '../commands/parse-command.js';
import { runCommand, type CommandFeatures, type CommandReply } from '../commands/run-command.js';
import { html } from './html.js';
import { sameOriginPosts } from './same-origin.js';
import { secureCookies } from './session.js';
import { channelBody, channelNav, type Draft } from './web-channel-page.js';
import { flashOf, setFlash, takeFlash, type Flash } from './web-flash.js';
import { layout } from './web-layout.js';
import { webChannelReads, versionOf } from './web-channel-reads.js';
import { addPersonPicker, signedInOnly, type Signed } from './web-signin.js';

export interface WebRoutesOptions {
  deps: DialogueDeps;
  features: CommandFeatures;
  tokenSecret: string;
  /** The person picker (no sign-in) exists only in local mode on the loopback address. */
  localMode: boolean;
  /**
   * Cut every page and post to the person's role scope, as the dashboard does. On whenever Slack
   * or Teams is configured: people then sign in as themselves (a link from the bot), while in
   * local mode the picker lets anyone be anyone and a scope would protect nothing.
   */
  scoped: boolean;
  /** The server's public address: links in posts are absolute, as they are in Slack and Teams. */
  publicUrl: string;
  /** DEFAULT_LOCALE: the language of pages shown before anyone is signed in (the person picker). */
  locale: Locale;
}

const MESSAGE_ID = /^[A-Za-z0-9-]{8,64}$/;

export function createWebRoutes(options: WebRoutesOptions): Router {
  const { deps, tokenSecret } = options;
  const secure = secureCookies(options.publicUrl);
  const site = { secure, publicUrl: options.publicUrl.replace(/\/$/, '') };
  const { store } = deps;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  router.use('/web/assets', express.static(fileURLToPath(new URL('./assets/', import.meta.url)), { maxAge: '1h' }));
  router.use(sameOriginPosts);
  if (options.localMode) addPersonPicker(router, deps, { tokenSecret, secure, locale: options.locale }, form);
  const signedIn = signedInOnly(deps, tokenSecret);
  const { readableBindings, roundBindingId, roundChannel, loadChannel } = webChannelReads(deps, options);

  router.get('/web', signedIn, async (_req, res) => {
    const first = (await readableBindings(res.locals.signed as Signed))[0];
    if (!first)
      return void res
        .type('html')
        .send(layout({ title: 'Vijf Vragen', locale: 'nl', body: html`<p>Geen webkanalen.</p>` }));
    res.redirect(303, `/web/channels/${first.id}`);
  });

  router.get('/web/channels/:id', signedIn, async (req, res) => {
    await sendChannel(res, String(req.params.id), { flash: takeFlash(req, res), draft: null });
  });

  /** The channel page; after a refused post it comes back with the person's text in it (no redirect). */
  async function sendChannel(
    res: Response,
    bindingId: string,
    extra: { flash: Flash | null; draft: Draft | null; status?: number },
  ): Promise<void> {
    const signed = res.locals.signed as Signed;
    const view = await loadChannel(signed, bindingId, extra.draft);
    if (!view) return sendNotFound(res);
    const { session, person } = signed;
    const all = await readableBindings(signed);
    const teams = await store.teams.list(session.organisationId);
    const nav = channelNav(
      all.map((binding) => ({ binding, teamName: teams.find((t) => t.id === binding.teamId)?.name ?? '' })),
      view.binding.id,
      view.locale,
    );
    const body = html`<div data-version-url="/web/channels/${view.binding.id}/version" data-version="${versionOf(view)}">${channelBody(view)}</div>`;
    res
      .status(extra.status ?? 200)
      .type('html')
      .send(
        layout({
          title: view.binding.name,
          locale: view.locale,
          who: person.displayName,
          nav,
          body,
          flash: extra.flash,
        }),
      );
  }

  /**
   * A refused answer or remark: the channel page again, with the refusal on top and the text back
   * in its field (or shown to copy when the form is gone), so nothing typed is lost.
   */
  async function refuse(res: Response, roundId: string, result: Fail<string>, draft: Draft) {
    const { session, person } = res.locals.signed as Signed;
    const bindingId = await roundBindingId(session.organisationId, roundId);
    const flash = flashOf(failure(person, result), person.locale, null);
    if (!bindingId) return void res.status(statusOf(result.code)).type('text/plain').send(flash.text);
    await sendChannel(res, bindingId, { flash, draft, status: statusOf(result.code) });
  }

  // Joining a team from its web channel, as speaking in a bound channel does on Slack and Teams.
  router.post('/web/channels/:id/join', signedIn, form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const view = await loadChannel(res.locals.signed as Signed, String(req.params.id), null);
    if (!view) return sendNotFound(res);
    await ensureTeamMember(deps, session.organisationId, person.id, view.team.id);
    backTo(
      site,
      res,
      `/web/channels/${view.binding.id}`,
      { kind: 'text', text: t(person.locale, 'web.joined', { team: view.team.name }), visibility: 'private' },
      person.locale,
    );
  });

  router.get('/web/channels/:id/version', signedIn, async (req, res) => {
    const view = await loadChannel(res.locals.signed as Signed, String(req.params.id), null);
    res.type('text/plain').send(view ? versionOf(view) : 'gone');
  });

  router.post('/web/channels/:id/rounds', signedIn, form, async (req, res) => {
    const signed = res.locals.signed as Signed;
    // A double click sends the same form twice: the second is the same request, not a second round.
    const requestId = String(req.body?.requestId ?? '');
    if (MESSAGE_ID.test(requestId) && !(await store.inbound.firstSeen('web', `round:${requestId}`, deps.clock.now()))) {
      return void res.redirect(303, `/web/channels/${encodeURIComponent(String(req.params.id))}`);
    }
    const channelPath = `/web/channels/${encodeURIComponent(String(req.params.id))}`;
    const reply = await command(signed, String(req.params.id), `ronde ${String(req.body?.theme ?? '')}`);
    if (reply === null) return sendNotFound(res);
    // The refusal of a second round carries the button that confirms it, which runs as a command.
    backTo(site, res, channelPath, reply, signed.person.locale, `${channelPath}/command`);
  });

  router.post('/web/channels/:id/command', signedIn, form, async (req, res) => {
    const signed = res.locals.signed as Signed;
    const channelPath = `/web/channels/${encodeURIComponent(String(req.params.id))}`;
    const reply = await command(signed, String(req.params.id), String(req.body?.text ?? ''));
    if (reply === null) return sendNotFound(res);
    backTo(site, res, channelPath, reply, signed.person.locale, `${channelPath}/command`);
  });

  // A round of a team outside the person's scope does not exist for them, as on the dashboard.
  router.post('/web/rounds/:id/*splat', signedIn, async (req, res, next) => {
    const { session, person } = res.locals.signed as Signed;
    const round = await store.rounds.get(session.organisationId, String(req.params.id));
    const team = round ? await store.teams.get(session.organisationId, round.teamId) : null;
    if (options.scoped && (!team || !(await teamReadable(store, session.organisationId, person.id, team))))
      return sendNotFound(res);
    next();
  });

  router.post('/web/rounds/:id/answers', signedIn, form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const answers = QUESTION_KEYS.filter((key) => typeof req.body?.[key] === 'string').map((key) => ({
      key,
      text: String(req.body[key]),
    }));
    const result = await recordAnswers(deps, {
      organisationId: session.organisationId,
      roundId: String(req.params.id),
      personId: person.id,
      answers,
      source: 'web',
      platform: 'web',
    });
    if (!result.ok) {
      const kept = Object.fromEntries(answers.map((a) => [a.key, a.text]));
      return refuse(res, String(req.params.id), result, {
        roundId: String(req.params.id),
        answers: kept,
        thread: null,
      });
    }
    const back = await roundChannel(session.organisationId, String(req.params.id));
    backTo(
      site,
      res,
      back,
      { kind: 'text', text: t(person.locale, 'prompt.submitted'), visibility: 'private' },
      person.locale,
    );
  });

  // A remark in the round's thread, and its edit or deletion (the web channel's own message ids;
  // only the author's own remark can change). The rules are the same inbound use case as Slack's and Teams'.
  router.post(
    ['/web/rounds/:id/thread', '/web/rounds/:id/thread/edit', '/web/rounds/:id/thread/delete'],
    signedIn,
    form,
    async (req, res) => {
      const { session, person } = res.locals.signed as Signed;
      const roundId = String(req.params.id);
      const messageId = String(req.body?.messageId ?? '');
      const back = await roundChannel(session.organisationId, roundId);
      if (!MESSAGE_ID.test(messageId))
        return backTo(
          site,
          res,
          back,
          failure(person, { ok: false, code: 'input.invalid', details: { field: 'messageId' } }),
          person.locale,
        );
      const common = {
        platform: 'web' as const,
        organisationId: session.organisationId,
        messageId: `web:${messageId}`,
      };
      const text = String(req.body?.text ?? '');
      const action = req.path.endsWith('/edit') ? 'edited' : req.path.endsWith('/delete') ? 'deleted' : 'new';
      const outcome =
        action === 'new'
          ? await handleThreadMessage(deps, { ...common, kind: 'new', roundId, text, sender: async () => person })
          : action === 'edited'
            ? await handleThreadMessage(deps, { ...common, kind: 'edited', text, byPersonId: person.id })
            : await handleThreadMessage(deps, { ...common, kind: 'deleted', byPersonId: person.id });
      if (outcome.kind === 'refused' && action === 'new')
        return refuse(res, roundId, outcome.failure, { roundId, answers: {}, thread: text });
      backTo(site, res, back, outcome.kind === 'refused' ? failure(person, outcome.failure) : null, person.locale);
    },
  );

  router.post('/web/rounds/:id/close', signedIn, form, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    if (req.body?.confirm !== 'yes') {
      return backTo(
        site,
        res,
        await roundChannel(session.organisationId, String(req.params.id)),
        { kind: 'error', code: 'input.invalid', text: t(person.locale, 'prompt.close_unconfirmed') },
        person.locale,
      );
    }
    const result = await closeRound(deps, session.organisationId, String(req.params.id), person.id);
    backTo(
      site,
      res,
      await roundChannel(session.organisationId, String(req.params.id)),
      result.ok ? null : failure(person, result),
      person.locale,
    );
  });

  /** A command typed in a channel; null when the person may not see that channel. */
  async function command(signed: Signed, bindingId: string, text: string): Promise<CommandReply | null> {
    const binding = await store.bindings.get(signed.session.organisationId, bindingId);
    if (options.scoped) {
      const team = binding ? await store.teams.get(signed.session.organisationId, binding.teamId) : null;
      if (!team || !(await teamReadable(store, signed.session.organisationId, signed.person.id, team))) return null;
    }
    const channel = binding
      ? {
          platform: 'web' as const,
          workspaceId: binding.workspaceId,
          channelId: binding.channelId,
          name: binding.name,
          address: {},
        }
      : null;
    const ctx = {
      organisationId: signed.session.organisationId,
      personId: signed.person.id,
      locale: signed.person.locale,
      channel,
      binding,
    };
    return runCommand(deps, options.features, ctx, parseCommand(text));
  }

  return router;
}

/** How a refused post answers: the page comes back either way, with a status that says why. */
function statusOf(code: string): number {
  if (code === 'permission.denied') return 403;
  if (code === 'round.closed') return 409;
  if (code.endsWith('not_found')) return 404;
  return 422;
}

function failure(person: Person, result: Fail<string>): CommandReply {
  return {
    kind: 'error',
    code: result.code,
    text: t(person.locale, `error.${result.code}`, {
      ...result.details,
      role: result.details?.role ? t(person.locale, `role.${String(result.details.role) as 'member'}`) : '',
    }),
  };
}

function backTo(
  site: { secure: boolean; publicUrl: string },
  res: Response,
  path: string,
  reply: CommandReply | null,
  locale: Locale,
  commandPath: string | null = null,
): void {
  if (reply) setFlash(res, flashOf(reply, locale, commandPath, site.publicUrl), locale, site.secure);
  res.redirect(303, path);
}
