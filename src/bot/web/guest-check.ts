import type { DialogueDeps } from '../../dialogues/deps.js';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from './html.js';
import { verifyGuestToken } from '../../services/guest-token.js';

export type GuestCheck =
  | { ok: true; organisationId: string; invitationId: string; locale: Locale }
  | { ok: false; status: number; reason: string; locale: Locale };

/** Checks a guest link's token and finds the organisation's language for the page. */
export async function verifyGuest(deps: DialogueDeps, token: string): Promise<GuestCheck> {
  const check = await verifyGuestToken(deps.tokenSecret, token, deps.clock.now());
  if (check.status === 'expired') return { ok: false, status: 410, reason: 'guest.expired', locale: 'nl' };
  if (check.status === 'invalid') return { ok: false, status: 404, reason: 'guest.invalid', locale: 'nl' };
  const organisation = await deps.store.organisations.get(check.organisationId);
  if (!organisation) return { ok: false, status: 404, reason: 'guest.invalid', locale: 'nl' };
  return { ok: true, organisationId: organisation.id, invitationId: check.invitationId, locale: organisation.locale };
}

/** The page body for a link that does not (or no longer) work. */
export function guestTokenFailure(locale: Locale, code: string): SafeHtml {
  const key = code === 'guest.expired' ? 'guest.expired' : code === 'guest.revoked' ? 'guest.revoked' : 'guest.invalid';
  return html`<p>${t(locale, key)}</p>`;
}
