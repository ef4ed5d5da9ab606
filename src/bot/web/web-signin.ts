import { sendPlain } from '../../http-errors.js';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale, Person } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { readSession, startSession, type WebSession } from './session.js';
import { layout } from './web-layout.js';
import { pickerBody, type PickerGroup } from './web-picker-page.js';

/** Who a web channel request is from, as `signedIn` leaves it in `res.locals.signed`. */
export type Signed = { session: WebSession; person: Person };

/**
 * The person picker and its sign-in: local mode only (on the loopback address), where anyone may
 * be anyone. The picker speaks the server's language (DEFAULT_LOCALE): nobody is signed in yet.
 */
export function addPersonPicker(
  router: Router,
  deps: DialogueDeps,
  site: { tokenSecret: string; secure: boolean; locale: Locale },
  form: RequestHandler,
): void {
  const { store } = deps;
  router.get('/', async (_req, res) => {
    const organisations = await store.organisations.list();
    const groups: PickerGroup[] = [];
    for (const organisation of organisations) {
      const people = await store.people.list(organisation.id);
      const withRoles = await Promise.all(
        people.map(async (person) => ({ person, grants: await store.people.roles(organisation.id, person.id) })),
      );
      const teamNames = new Map((await store.teams.list(organisation.id)).map((team) => [team.id, team.name]));
      const schoolNames = new Map(
        (await store.schools.list(organisation.id)).map((school) => [school.id, school.name]),
      );
      groups.push({ organisation, people: withRoles, teamNames, schoolNames });
    }
    const locale = site.locale;
    res.type('html').send(layout({ title: t(locale, 'web.picker_title'), locale, body: pickerBody(groups, locale) }));
  });
  router.post('/web/signin', form, async (req, res) => {
    const organisationId = String(req.body?.organisationId ?? '');
    const person = await store.people.get(organisationId, String(req.body?.personId ?? ''));
    if (!person) return void sendPlain(res, 400, 'http.unknown_person');
    await startSession(res, site.tokenSecret, { organisationId, personId: person.id }, { secure: site.secure });
    res.redirect(303, '/web');
  });
}

/** Only with a session of a person who still exists; anyone else goes to the start page. */
export function signedInOnly(deps: DialogueDeps, tokenSecret: string) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = await readSession(req, tokenSecret);
    const person = session ? await deps.store.people.get(session.organisationId, session.personId) : null;
    if (!session || !person) return void res.redirect(303, '/');
    res.locals.signed = { session, person } satisfies Signed;
    next();
  };
}
