import type { AnswerAudience, Schedule, Template, Visibility } from './model.js';

/** What a round copies when it opens: whether authors are stored, who reads the answers, and when. */
export interface AnswerSettings {
  anonymous: boolean;
  audience: AnswerAudience;
  shareWhileOpen: boolean;
}

/** Ad-hoc rounds without a template: named, shared with the team when the round closes. */
export const DEFAULT_ANSWER_SETTINGS: AnswerSettings = Object.freeze({
  anonymous: false,
  audience: 'team',
  shareWhileOpen: false,
});

export const VISIBILITIES: readonly Visibility[] = ['named', 'anonymous', 'leaders'];

export function settingsOf(visibility: Visibility): Pick<AnswerSettings, 'anonymous' | 'audience'> {
  switch (visibility) {
    case 'named':
      return { anonymous: false, audience: 'team' };
    case 'anonymous':
      return { anonymous: true, audience: 'team' };
    case 'leaders':
      return { anonymous: false, audience: 'leaders' };
  }
}

/** The one word for a pair of settings; anonymous answers read by leaders only count as 'leaders'. */
export function visibilityOf(settings: Pick<AnswerSettings, 'anonymous' | 'audience'>): Visibility {
  if (settings.audience === 'leaders') return 'leaders';
  return settings.anonymous ? 'anonymous' : 'named';
}

/** The template's settings with the schedule's overrides applied. */
export function answerSettings(
  template: Template | null,
  schedule: Pick<Schedule, 'visibility' | 'shareWhileOpen'> | null = null,
): AnswerSettings {
  const base: AnswerSettings = template
    ? { anonymous: template.anonymous, audience: template.audience, shareWhileOpen: template.shareWhileOpen }
    : { ...DEFAULT_ANSWER_SETTINGS };
  return {
    ...base,
    ...(schedule?.visibility ? settingsOf(schedule.visibility) : {}),
    ...(schedule?.shareWhileOpen !== null && schedule?.shareWhileOpen !== undefined
      ? { shareWhileOpen: schedule.shareWhileOpen }
      : {}),
  };
}
