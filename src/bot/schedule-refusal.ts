import type { Locale } from '../dialogues/model.js';
import type { Fail } from '../dialogues/result.js';
import { t } from '../i18n/index.js';

/** Form fields a refusal of the schedule use cases can point at; each channel names its inputs the same. */
export type ScheduleField =
  'template' | 'teams' | 'weekday' | 'time' | 'every_weeks' | 'window_hours' | 'time_zone' | 'visibility';

const PLAN_TEXT = {
  weekday: 'plan.field.weekday',
  time: 'plan.field.time',
  every_weeks: 'plan.field.every_weeks',
  window_hours: 'plan.field.window_hours',
  teams: 'plan.field.teams',
  visibility: 'plan.field.visibility',
} as const;

/**
 * A refused create or update as one sentence and the field it belongs under, for the dashboard
 * form, the Slack modal and the Teams card alike.
 */
export function scheduleRefusal(locale: Locale, refused: Fail): { field: ScheduleField; text: string } {
  const field = String(refused.details?.field ?? '');
  if (refused.code === 'input.invalid' && field in PLAN_TEXT) {
    const key = field as keyof typeof PLAN_TEXT;
    return { field: key, text: t(locale, PLAN_TEXT[key], refused.details ?? {}) };
  }
  const details = { field: '', team: '', ...refused.details, role: t(locale, 'role.coordinator') };
  const text =
    refused.code === 'permission.denied' ? t(locale, 'plan.not_allowed') : t(locale, `error.${refused.code}`, details);
  switch (refused.code) {
    case 'schedule.invalid_time_zone':
      return { field: 'time_zone', text };
    case 'schedule.invalid_cron':
      return { field: 'time', text };
    case 'team.not_found':
    case 'permission.denied':
      return { field: 'teams', text };
    default:
      return { field: 'template', text };
  }
}
