import type { Request, Response } from 'express';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import type { CommandReply } from '../commands/run-command.js';
import { html, type SafeHtml } from './html.js';

/**
 * What the local web channel shows once after a form post (a cookie for one page view). A list
 * reply keeps its items with their buttons, each posting its command text back to the channel,
 * as Slack's list buttons do.
 */
export interface Flash {
  kind: 'info' | 'error';
  text: string;
  items?: { text: string; commands: { label: string; command: string }[] }[];
  /** Where the items' buttons post their command text (`/web/channels/<id>/command`). */
  commandPath?: string;
}

const FLASH_COOKIE = 'vv_flash';
/** Browsers keep cookies up to about 4 KB; a longer list is cut and points to the dashboard. */
const MAX_COOKIE_CHARS = 3_500;

/** `publicUrl` makes the links in a reply absolute, as they are in Slack and Teams. */
export function flashOf(reply: CommandReply, locale: Locale, commandPath: string | null, publicUrl = ''): Flash {
  switch (reply.kind) {
    case 'text':
      return { kind: 'info', text: reply.text };
    case 'error':
      return { kind: 'error', text: reply.text };
    case 'help':
      return { kind: 'info', text: `${reply.title} ${reply.lines.join(' · ')}` };
    case 'list':
      if (reply.items.length === 0) return { kind: 'info', text: `${reply.title}: ${reply.empty}` };
      return {
        kind: 'info',
        text: reply.title,
        items: reply.items.map(({ text, commands }) => ({ text, commands })),
        ...(commandPath ? { commandPath } : {}),
      };
    case 'schedule_form':
      // The same session signs the person in to the dashboard: a plain link opens the form.
      return {
        kind: 'info',
        text: t(locale, 'notice.web_schedule_form', { url: `${publicUrl}/dashboard/schedules/new` }),
      };
    case 'digest':
      return {
        kind: 'info',
        text: t(locale, 'notice.web_digest', {
          week: reply.message.week,
          url: `${publicUrl}/dashboard/digest?week=${reply.message.week}`,
        }),
      };
  }
}

export function setFlash(res: Response, flash: Flash, locale: Locale, secure: boolean): void {
  const items = flash.items ?? [];
  let value = flash;
  let kept = items.length;
  while (kept > 0 && encodeURIComponent(JSON.stringify(value)).length > MAX_COOKIE_CHARS) {
    kept -= 1;
    value = {
      ...flash,
      items: items.slice(0, kept),
      text: `${flash.text} ${t(locale, 'notice.web_more', { count: items.length - kept })}`,
    };
  }
  res.cookie(FLASH_COOKIE, JSON.stringify(value), {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    maxAge: 60_000,
    path: '/',
  });
}

/** The flash of this request, once; anything malformed in the cookie is dropped. */
export function takeFlash(req: Request, res: Response): Flash | null {
  const match = /(?:^|;\s*)vv_flash=([^;]+)/.exec(req.headers.cookie ?? '');
  if (!match?.[1]) return null;
  res.clearCookie(FLASH_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
  try {
    const value = JSON.parse(decodeURIComponent(match[1])) as Partial<Flash>;
    if (typeof value.text !== 'string') return null;
    const path =
      typeof value.commandPath === 'string' && /^\/web\/channels\/[\w-]+\/command$/.test(value.commandPath)
        ? value.commandPath
        : undefined;
    const items = Array.isArray(value.items)
      ? value.items
          .filter((i) => typeof i?.text === 'string')
          .map((i) => ({
            text: i.text,
            commands: Array.isArray(i.commands)
              ? i.commands.filter((c) => typeof c?.label === 'string' && typeof c?.command === 'string')
              : [],
          }))
      : undefined;
    return {
      kind: value.kind === 'error' ? 'error' : 'info',
      text: value.text,
      ...(items ? { items } : {}),
      ...(path ? { commandPath: path } : {}),
    };
  } catch {
    return null;
  }
}

export function flashHtml(flash: Flash): SafeHtml {
  const path = flash.commandPath;
  const items = flash.items?.length
    ? html`<ul class="flash-list">${flash.items.map((item) => html`<li><span>${item.text}</span>${path ? item.commands.map((c) => html`<form method="post" action="${path}"><input type="hidden" name="text" value="${c.command}"><button class="secondary small" type="submit">${c.label}</button></form>`) : ''}</li>`)}</ul>`
    : '';
  return html`<div class="flash ${flash.kind === 'error' ? 'error' : ''}" role="status">
    ${linked(flash.text)}${items}
  </div>`;
}

/** Text with its web addresses as links (a sign-in link, the digest, a guest link): links are links everywhere. */
export function linked(text: string): SafeHtml {
  const parts = text.split(/(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/);
  return html`${parts.map((part, n) => (n % 2 === 1 ? html`<a href="${part}">${part}</a>` : part))}`;
}
