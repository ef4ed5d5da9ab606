import { closeRound } from '../../dialogues/round-lifecycle.js';
import type { Locale, Round } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { button, LIMITS, plain, type Block } from './block-kit.js';
import type { WebClient } from './slack-client.js';
import { resolveActor, type SlackRuntime } from './slack-runtime.js';

export const CLOSE_ROUND_ACTION = 'vv_close_round';

/**
 * "Sluit de ronde nu" for a coordinator, with Block Kit's confirm dialog: Slack asks "Weet je het
 * zeker?" before the click reaches us, as the web channel's confirm step does. The use case
 * checks the permission again; the button is only shown to whoever may close.
 */
export function closeRoundButton(locale: Locale, round: Pick<Round, 'id'>): Block {
  return {
    ...button(t(locale, 'prompt.close_button'), CLOSE_ROUND_ACTION, round.id, 'danger'),
    confirm: {
      title: plain(t(locale, 'slack.close_confirm_title'), LIMITS.modalTitle),
      text: plain(t(locale, 'prompt.close_confirm'), 300),
      confirm: plain(t(locale, 'prompt.close_yes'), 30),
      deny: plain(t(locale, 'slack.modal_cancel'), 30),
      style: 'danger',
    },
  };
}

/** Runs a confirmed close; returns the text to show the person (done, or why not). */
export async function closeRoundClicked(
  runtime: SlackRuntime,
  client: WebClient,
  who: { teamId: string; userId: string },
  roundId: string,
): Promise<string> {
  const actor = await resolveActor(runtime, client, who.teamId, who.userId);
  const closed = await closeRound(runtime.deps, actor.organisationId, roundId, actor.person.id);
  if (closed.ok) return t(actor.locale, 'slack.round_closed_now', { theme: closed.value.theme });
  return t(actor.locale, `error.${closed.code}`, { ...closed.details, role: t(actor.locale, 'role.coordinator') });
}
