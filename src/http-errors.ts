import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Locale } from './dialogues/model.js';
import type { Catalogue } from './i18n/catalogue.js';
import { isLocale, t } from './i18n/index.js';
import type { AppLogger } from './logger.js';

/**
 * The last error handler of every router that parses bodies, and of the server. Express's own
 * handler answers with the error's stack as HTML (outside NODE_ENV=production); this one answers a
 * short plain text and keeps the detail in the log. Body-parser and multer errors carry a 4xx
 * `status` (400 bad JSON, 413 too large, 415 bad encoding) that is kept; anything else is a 500.
 */
export function plainErrorHandler(log: AppLogger): ErrorRequestHandler {
  return (error: Error & { status?: number; statusCode?: number; type?: string }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const given = error.status ?? error.statusCode;
    const status = given && given >= 400 && given < 500 ? given : 500;
    if (status === 500) log.error({ err: error }, 'request failed');
    else log.warn({ status, reason: error.type ?? error.message }, 'request refused');
    sendPlain(res, status, status === 413 ? 'http.too_large' : status === 500 ? 'http.internal' : 'http.bad_request');
  };
}

/** Keys of the plain-text answers a browser may show a reader. */
export type PlainKey = `http.${keyof Catalogue['http']}`;

/**
 * Remembers the server's DEFAULT_LOCALE for this request: the language of every plain answer
 * given to someone who is not signed in. The server installs it first.
 */
export function defaultLocaleOf(locale: Locale): RequestHandler {
  return (_req, res, next) => {
    res.locals.defaultLocale = locale;
    next();
  };
}

/** The reader's language: the signed-in person's, else the server's DEFAULT_LOCALE, else Dutch. */
export function readerLocale(res: Response): Locale {
  const signed = res.locals.signed as { person?: { locale?: unknown } } | undefined;
  if (isLocale(signed?.person?.locale)) return signed.person.locale;
  const fallback: unknown = res.locals.defaultLocale;
  return isLocale(fallback) ? fallback : 'nl';
}

/** A short plain-text answer (an error page) in the reader's language. */
export function sendPlain(res: Response, status: number, key: PlainKey): void {
  res
    .status(status)
    .type('text/plain')
    .send(t(readerLocale(res), key));
}

/** The 404 page, in the reader's language. Every route that finds nothing answers with it. */
export function sendNotFound(res: Response): void {
  sendPlain(res, 404, 'http.not_found');
}
