import type { DialogueDeps } from '../../dialogues/deps.js';
import { createSchedule } from '../../dialogues/manage-schedules.js';
import { t } from '../../i18n/index.js';
import { validateCron } from '../../scheduler/occurrences.js';
import { LIMITS, plain, type Block } from './block-kit.js';
import { truncatePlain } from './mrkdwn.js';
import type { ViewValues } from './slack-payloads.js';
import type { Actor } from './slack-runtime.js';
import { noticeModal } from './answer-modal.js';

export const SCHEDULE_CALLBACK = 'vv_schedule';

/** The moments most schools pick, as cron expressions (evaluated in the chosen time zone). */
export const PRESETS = {
  mon_0900: '0 9 * * 1',
  mon_1500: '0 15 * * 1',
  wed_1300: '0 13 * * 3',
  fri_1400: '0 14 * * 5',
  month_first_0900: '0 9 1 * *',
} as const;
type Preset = keyof typeof PRESETS;
const isPreset = (value: string | undefined): value is Preset => value !== undefined && value in PRESETS;

const option = (text: string, value: string) => ({ text: plain(text, LIMITS.optionText), value });
const MAX_OPTIONS = 100;

/** The "new schedule" form; null when there is no template to schedule yet. */
export async function scheduleModal(deps: DialogueDeps, actor: Actor): Promise<Record<string, unknown> | null> {
  const { locale, organisationId } = actor;
  const templates = await deps.store.templates.list(organisationId);
  if (templates.length === 0) return null;
  const schools = await deps.store.schools.list(organisationId);
  const teams = await deps.store.teams.list(organisationId);
  const teamLabel = (schoolId: string, name: string) => (schools.length > 1 ? `${schools.find((s) => s.id === schoolId)?.name ?? '?'} / ${name}` : name);
  const organisation = await deps.store.organisations.get(organisationId);
  const presetOptions = (Object.keys(PRESETS) as Preset[]).map((key) => option(t(locale, `slack.preset.${key}`), key));
  const blocks: Block[] = [
    input('template', t(locale, 'slack.schedule_template'), { type: 'static_select', action_id: 'value', options: templates.slice(0, MAX_OPTIONS).map((tpl) => option(tpl.name, tpl.id)) }),
    input('teams', t(locale, 'slack.schedule_teams'), { type: 'multi_static_select', action_id: 'value', options: teams.slice(0, MAX_OPTIONS).map((team) => option(teamLabel(team.schoolId, team.name), team.id)) }),
    input('preset', t(locale, 'slack.schedule_preset'), { type: 'static_select', action_id: 'value', options: presetOptions, ...(presetOptions[0] ? { initial_option: presetOptions[0] } : {}) }, true),
    { ...input('cron', t(locale, 'slack.schedule_cron'), { type: 'plain_text_input', action_id: 'value', max_length: 100 }, true), hint: plain(t(locale, 'slack.schedule_cron_hint'), 2000) },
    input('time_zone', t(locale, 'slack.schedule_time_zone'), { type: 'plain_text_input', action_id: 'value', max_length: 64, initial_value: organisation?.timeZone ?? 'Europe/Amsterdam' }),
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

export type ScheduleSubmitResult = { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'update'; view: Record<string, unknown> };

/** Validates and stores a submitted schedule; refusals are shown under the field they concern. */
export async function submitSchedule(deps: DialogueDeps, actor: Actor, values: ViewValues): Promise<ScheduleSubmitResult> {
  const { locale } = actor;
  const read = (block: string) => values[block]?.value;
  const templateId = read('template')?.selected_option?.value ?? '';
  const teamIds = (read('teams')?.selected_options ?? []).map((o) => o.value);
  const preset = read('preset')?.selected_option?.value;
  const custom = (read('cron')?.value ?? '').trim();
  const timeZone = (read('time_zone')?.value ?? '').trim() || 'Europe/Amsterdam';
  const cron = custom || (isPreset(preset) ? PRESETS[preset] : '');
  const errors = (block: string, text: string): ScheduleSubmitResult => ({ response_action: 'errors', errors: { [block]: truncatePlain(text, 150) } });
  if (cron === '') return errors('preset', t(locale, 'slack.schedule_need_when'));
  const checked = validateCron(cron, timeZone);
  if (!checked.ok) {
    const block = checked.code === 'schedule.invalid_time_zone' ? 'time_zone' : custom ? 'cron' : 'preset';
    return errors(block, t(locale, `error.${checked.code}`, { cron, timeZone }));
  }
  const created = await createSchedule(deps, { organisationId: actor.organisationId, actorPersonId: actor.person.id, templateId, teamIds, cron: checked.value.cron, timeZone: checked.value.timeZone, blackouts: [] });
  if (!created.ok) {
    const block = created.code === 'team.not_found' || (created.code === 'input.invalid' && created.details?.field === 'teams') ? 'teams' : 'template';
    const details: Record<string, string | number> = { ...created.details };
    if (created.code === 'permission.denied') details.role = t(locale, 'role.coordinator');
    return errors(block, t(locale, `error.${created.code}`, details));
  }
  const template = await deps.store.templates.get(actor.organisationId, templateId);
  const when = !custom && isPreset(preset) ? t(locale, `slack.preset.${preset}`) : cron;
  return { response_action: 'update', view: noticeModal(locale, 'slack.modal_title', t(locale, 'slack.schedule_created', { template: template?.name ?? templateId, when, timeZone })) };
}

function input(blockId: string, label: string, element: Record<string, unknown>, optional = false): Block {
  return { type: 'input', block_id: blockId, label: plain(label, LIMITS.inputLabel), element, ...(optional ? { optional: true } : {}) };
}
