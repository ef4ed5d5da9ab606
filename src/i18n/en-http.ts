import type { Catalogue } from './catalogue.js';

/** English texts of the HTTP edge (see nl-http.ts). */
export const enHttp: Catalogue['http'] = {
  unknown_host: 'This server does not answer to this host name (421).',
  cross_site: 'Request from another site refused (403).',
  link_invalid: 'This sign-in link is invalid or has expired. Ask the bot for a new one: send "dashboard".',
  link_used:
    'This sign-in link has already been used; a link works only once. Ask the bot for a new one: send "dashboard".',
  not_found: 'Not found (404).',
  bad_request: 'Bad request (400).',
  bad_week: 'There is no such week (400).',
  unknown_person: 'Unknown person (400).',
  too_large: 'Request too large (413).',
  internal: 'Something went wrong on our side; it has been logged (500).',
  too_many: 'Too many requests from this address. Try again in a minute (429).',
};
