import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../../config.js';
import { contentSecurityPolicy, TEAMS_FRAME_ANCESTORS } from '../../../http-security.js';
import type { DialogueDeps } from '../../../dialogues/deps.js';
import type { AppLogger } from '../../../logger.js';
import { SESSION_COOKIE, signWebToken, startSession } from '../../web/session.js';
import { aadIdentity } from '../teams-tenants.js';
import { createSsoVerifier } from './sso-verify.js';
import { tabPage } from './tab-page.js';

export const TAB_PATH = '/teams/tab';
const SESSION_SECONDS = 8 * 3600;
/** The server sets the same for these paths (http-security.ts); said here too so the tab is never framable by others however it is mounted. */
const TAB_POLICY = contentSecurityPolicy(TEAMS_FRAME_ANCESTORS);

const teamsJsFile = createRequire(import.meta.url).resolve('@microsoft/teams-js');
const tabScript = fileURLToPath(new URL('./assets/tab.js', import.meta.url));

/**
 * The Teams tab (personal and team scope) and its SSO sign-in. `POST /teams/tab/session` takes
 * the tab's SSO token, verifies it (sso-verify.ts), finds the person by their Entra object id
 * in the token's tenant, and sets the same signed session cookie as the web sign-in. Inside
 * Teams the tab is a cross-site frame, so over HTTPS the cookie is SameSite=None; Secure;
 * Partitioned (a SameSite=Strict cookie would never reach the framed dashboard).
 */
export function tabRouter(options: { deps: DialogueDeps; config: Config; log: AppLogger }): Router {
  const { deps, config, log } = options;
  const verify = createSsoVerifier({
    jwksUrl: config.teams.ssoJwksUrl,
    issuer: config.teams.ssoIssuer,
    audience: config.teams.ssoAudience,
  });
  const router = express.Router();

  router.get(TAB_PATH, (req, res) => {
    const scope = req.query.scope === 'team' ? 'team' : 'personal';
    const locale =
      typeof req.query.locale === 'string' && req.query.locale.toLowerCase().startsWith('en')
        ? 'en'
        : config.defaultLocale;
    res.setHeader('Content-Security-Policy', TAB_POLICY);
    res.type('html').send(tabPage(locale, scope));
  });
  // The team tab's configuration page: Teams shows it once when the tab is added to a channel.
  router.get(`${TAB_PATH}/config`, (_req, res) => {
    res.setHeader('Content-Security-Policy', TAB_POLICY);
    res.type('html').send(tabPage(config.defaultLocale, 'config'));
  });
  router.get(
    `${TAB_PATH}/assets/teams-js.min.js`,
    (_req, res) => void res.type('application/javascript').sendFile(teamsJsFile),
  );
  router.get(`${TAB_PATH}/assets/tab.js`, (_req, res) => void res.type('application/javascript').sendFile(tabScript));

  const body = z.object({ token: z.string().min(1).max(16_000), channelId: z.string().max(300).nullable().optional() });
  router.post(`${TAB_PATH}/session`, express.json({ limit: '32kb' }), async (req, res) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'token missing' });
    const verified = await verify(parsed.data.token);
    if (!verified.ok) {
      log.warn({ reason: verified.reason }, 'teams tab: SSO token refused');
      return void res.status(401).json({ error: 'token not valid' });
    }
    const { tenantId, objectId } = verified.identity;
    const allowed = config.teams.allowedTenants;
    const organisationId =
      allowed.length === 0 || allowed.includes(tenantId)
        ? await deps.store.workspaces.findOrganisation('teams', tenantId)
        : null;
    const person = organisationId
      ? await deps.store.people.findByIdentity('teams', tenantId, aadIdentity(objectId))
      : null;
    if (!organisationId || !person || person.organisationId !== organisationId)
      return void res.status(403).json({ error: 'unknown person' });
    const session = { organisationId, personId: person.id };
    if (config.publicUrl.startsWith('https://')) {
      const token = await signWebToken(config.tokenSecret, session, 'session', SESSION_SECONDS);
      res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        secure: true,
        sameSite: 'none',
        partitioned: true,
        maxAge: SESSION_SECONDS * 1000,
        path: '/',
      });
    } else {
      await startSession(res, config.tokenSecret, session, { secure: false, ttlSeconds: SESSION_SECONDS });
    }
    // A team tab sits in a channel: when that channel is bound, open its team's page.
    const binding = parsed.data.channelId
      ? await deps.store.bindings.findByChannel('teams', tenantId, parsed.data.channelId)
      : null;
    res.json({
      redirect:
        binding && binding.organisationId === organisationId
          ? `/dashboard/teams/${encodeURIComponent(binding.teamId)}`
          : '/dashboard',
    });
  });
  return router;
}
