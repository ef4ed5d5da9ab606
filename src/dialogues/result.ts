/**
 * Expected outcomes are values, not exceptions. A failure carries a stable code such as
 * `round.closed`, which adapters turn into a message from the catalogue.
 *
 * @example
 * const r = await recordReply(deps, input);
 * if (!r.ok) return say(t(locale, `error.${r.code}`, r.details));
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Fail<C extends string = ErrorCode> = {
  readonly ok: false;
  readonly code: C;
  readonly details?: Readonly<Record<string, string | number>>;
};
export type Result<T, C extends string = ErrorCode> = Ok<T> | Fail<C>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const fail = <C extends string>(code: C, details?: Record<string, string | number>): Fail<C> =>
  details === undefined ? { ok: false, code } : { ok: false, code, details };

/** Every stable error code the domain can return. The catalogues have a text for each. */
export type ErrorCode =
  | 'round.not_found'
  | 'round.closed'
  | 'round.no_channels'
  | 'round.already_open'
  | 'reply.not_found'
  | 'reply.empty'
  | 'reply.too_long'
  | 'reply.not_author'
  | 'question.not_in_round'
  | 'team.not_found'
  | 'team.ambiguous'
  | 'school.not_found'
  | 'person.not_found'
  | 'person.last_coordinator'
  | 'template.not_found'
  | 'schedule.not_found'
  | 'schedule.invalid_cron'
  | 'schedule.invalid_time_zone'
  | 'binding.not_found'
  | 'action.not_found'
  | 'digest.week_unknown'
  | 'digest.week_future'
  | 'permission.denied'
  | 'input.invalid';
