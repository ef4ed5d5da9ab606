import type { DialogueDeps } from '../../dialogues/deps.js';
import { VISIBILITIES } from '../../dialogues/answer-visibility.js';
import { createSchedule } from '../../dialogues/manage-schedules.js';
import { MAX_EVERY_WEEKS, MAX_WINDOW_HOURS, MIN_WINDOW_HOURS } from '../../dialogues/recurrence.js';
import { t } from '../../i18n/index.js';
import { describeSchedule, weekdayOptions } from '../../i18n/recurrence-text.js';
import { scheduleRefusal } from '../schedule-refusal.js';
import { LIMITS, plain, type Block } from './block-kit.js';
import { truncatePlain } from './mrkdwn.js';
import type { ViewValues } from './slack-payloads.js';
import type { Actor } from './slack-runtime.js';
import { noticeModal } from './answer-modal.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

export const SCHEDULE_CALLBACK = 'vv_schedule';

const option = (text: string, value: string) => ({ text: plain(text, LIMITS.optionText), value });
const MAX_OPTIONS = 100;

/** The "new schedule" form; null when there is no template to schedule yet. */
export async function scheduleModal(deps: DialogueDeps, actor: Actor): Promise<Record<string, unknown> | null> {
  const { locale, organisationId } = actor;
  const templates = await deps.store.templates.list(organisationId);
  if (templates.length === 0) return null;
  const schools = await deps.store.schools.list(organisationId);
  const teams = await deps.store.teams.list(organisationId);
  const teamLabel = (schoolId: string, name: string) =>
    schools.length > 1 ? `${schools.find((s) => s.id === schoolId)?.name ?? '?'} / ${name}` : name;
  const organisation = await deps.store.organisations.get(organisationId);
  const weekdays = weekdayOptions(locale).map((d) => option(d.name, String(d.value)));
  const visibilityOptions = [
    option(t(locale, 'visibility.template'), 'template'),
    ...VISIBILITIES.map((v) => option(t(locale, `visibility.${v}`), v)),
  ];
  const blocks: Block[] = [
    input('template', t(locale, 'slack.schedule_template'), {
      type: 'static_select',
      action_id: 'value',
      options: templates.slice(0, MAX_OPTIONS).map((tpl) => option(tpl.name, tpl.id)),
    }),
    input('teams', t(locale, 'slack.schedule_teams'), {
      type: 'multi_static_select',
      action_id: 'value',
      options: teams.slice(0, MAX_OPTIONS).map((team) => option(teamLabel(team.schoolId, team.name), team.id)),
    }),
    input('weekday', t(locale, 'plan.weekday'), {
      type: 'static_select',
      action_id: 'value',
      options: weekdays,
      ...(weekdays[0] ? { initial_option: weekdays[0] } : {}),
    }),
    input('time', t(locale, 'plan.time'), { type: 'timepicker', action_id: 'value', initial_time: '09:00' }),
    input('every_weeks', t(locale, 'plan.every_weeks'), {
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: false,
      min_value: '1',
      max_value: String(MAX_EVERY_WEEKS),
      initial_value: '1',
    }),
    {
      ...input(
        'window_hours',
        t(locale, 'plan.window_hours'),
        {
          type: 'number_input',
          action_id: 'value',
          is_decimal_allowed: false,
          min_value: String(MIN_WINDOW_HOURS),
          max_value: String(MAX_WINDOW_HOURS),
        },
        true,
      ),
      hint: plain(t(locale, 'plan.window_hint'), 2000),
    },
    input('time_zone', t(locale, 'slack.schedule_time_zone'), {
      type: 'plain_text_input',
      action_id: 'value',
      max_length: 64,
      initial_value: organisation?.timeZone ?? DEFAULT_TIME_ZONE,
    }),
    input(
      'visibility',
      t(locale, 'slack.schedule_visibility'),
      {
        type: 'static_select',
        action_id: 'value',
        options: visibilityOptions,
        ...(visibilityOptions[0] ? { initial_option: visibilityOptions[0] } : {}),
      },
      true,
    ),
    input(
      'share_while_open',
      t(locale, 'slack.schedule_while_open'),
      { type: 'checkboxes', action_id: 'value', options: [option(t(locale, 'visibility.while_open'), 'yes')] },
      true,
    ),
  ];
  return {
    type: 'modal',
    callback_id: SCHEDULE_CALLBACK,
    title: plain(t(locale, 'slack.schedule_title'), LIMITS.modalTitle),
    submit: plain(t(locale, 'slack.schedule_submit'), LIMITS.modalButton),
    close: plain(t(locale, 'slack.modal_cancel'), LIMITS.modalButton),
    blocks,
  };
}

export type ScheduleSubmitResult =
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: Record<string, unknown> };

/** Validates and stores a submitted schedule; refusals are shown under the field they concern. */
export async function submitSchedule(
  deps: DialogueDeps,
  actor: Actor,
  values: ViewValues,
): Promise<ScheduleSubmitResult> {
  const { locale } = actor;
  const read = (block: string) => values[block]?.value;
  const templateId = read('template')?.selected_option?.value ?? '';
  const teamIds = (read('teams')?.selected_options ?? []).map((o) => o.value);
  const timeZone = (read('time_zone')?.value ?? '').trim() || DEFAULT_TIME_ZONE;
  const plan = {
    weekday: read('weekday')?.selected_option?.value ?? '',
    time: read('time')?.selected_time ?? '',
    everyWeeks: read('every_weeks')?.value ?? '1',
    windowHours: read('window_hours')?.value ?? null,
  };
  const chosen = read('visibility')?.selected_option?.value;
  const visibility = VISIBILITIES.find((v) => v === chosen) ?? null;
  const shareWhileOpen = (read('share_while_open')?.selected_options ?? []).some((o) => o.value === 'yes')
    ? true
    : null;
  const errors = (block: string, text: string): ScheduleSubmitResult => ({
    response_action: 'errors',
    errors: { [block]: truncatePlain(text, 150) },
  });
  const created = await createSchedule(deps, {
    organisationId: actor.organisationId,
    actorPersonId: actor.person.id,
    templateId,
    teamIds,
    plan,
    timeZone,
    blackouts: [],
    visibility,
    shareWhileOpen,
  });
  if (!created.ok) {
    const refused = scheduleRefusal(locale, created);
    return errors(refused.field, refused.text);
  }
  const template = await deps.store.templates.get(actor.organisationId, templateId);
  const when = describeSchedule(created.value, locale);
  return {
    response_action: 'update',
    view: noticeModal(
      locale,
      'slack.modal_title',
      t(locale, 'slack.schedule_created', { template: template?.name ?? templateId, when, timeZone }),
    ),
  };
}

function input(blockId: string, label: string, element: Record<string, unknown>, optional = false): Block {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, LIMITS.inputLabel),
    element,
    ...(optional ? { optional: true } : {}),
  };
}
