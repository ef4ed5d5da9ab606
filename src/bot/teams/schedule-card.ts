import { VISIBILITIES } from '../../dialogues/answer-visibility.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { createSchedule } from '../../dialogues/manage-schedules.js';
import type { Person } from '../../dialogues/model.js';
import { MAX_EVERY_WEEKS, MAX_WINDOW_HOURS, MIN_WINDOW_HOURS } from '../../dialogues/recurrence.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';
import { t } from '../../i18n/index.js';
import { describeSchedule, weekdayOptions } from '../../i18n/recurrence-text.js';
import { scheduleRefusal } from '../schedule-refusal.js';
import { card, plain, type Card } from './adaptive-card.js';

export const SCHEDULE_VERB = 'vv_schedule_save';

type Typed = Record<string, string>;

/**
 * The "new schedule" form as an Adaptive Card (`@Vijf Vragen schema nieuw`): the same pickers as
 * the dashboard and the Slack modal, saved with Action.Execute. A refusal brings the card back
 * with what was typed and the reason; nothing is stored.
 */
export async function scheduleCard(
  deps: DialogueDeps,
  organisationId: string,
  person: Person,
  typed: Typed = {},
  error: string | null = null,
): Promise<Card> {
  const { locale } = person;
  const templates = await deps.store.templates.list(organisationId);
  if (templates.length === 0) return card([plain(t(locale, 'plan.no_templates'))]);
  const teams = await deps.store.teams.list(organisationId);
  const zone = (await deps.store.organisations.get(organisationId))?.timeZone ?? DEFAULT_TIME_ZONE;
  const choice = (title: string, value: string) => ({ title, value });
  const data = { vv: SCHEDULE_VERB };
  return card(
    [
      plain(t(locale, 'plan.title_new'), { weight: 'Bolder', size: 'Medium' }),
      ...(error ? [plain(error, { color: 'Attention' })] : []),
      {
        type: 'Input.ChoiceSet',
        id: 'template',
        label: t(locale, 'plan.template'),
        isRequired: true,
        value: typed.template ?? templates[0]?.id ?? '',
        choices: templates.slice(0, 100).map((tpl) => choice(tpl.name, tpl.id)),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'teams',
        label: t(locale, 'plan.teams'),
        isMultiSelect: true,
        isRequired: true,
        ...(typed.teams ? { value: typed.teams } : {}),
        choices: teams.slice(0, 100).map((team) => choice(team.name, team.id)),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'weekday',
        label: t(locale, 'plan.weekday'),
        value: typed.weekday ?? '1',
        choices: weekdayOptions(locale).map((d) => choice(d.name, String(d.value))),
      },
      { type: 'Input.Time', id: 'time', label: t(locale, 'plan.time'), value: typed.time ?? '09:00' },
      {
        type: 'Input.Number',
        id: 'every_weeks',
        label: t(locale, 'plan.every_weeks'),
        min: 1,
        max: MAX_EVERY_WEEKS,
        value: Number(typed.every_weeks ?? 1) || 1,
      },
      {
        type: 'Input.Number',
        id: 'window_hours',
        label: `${t(locale, 'plan.window_hours')} (${t(locale, 'plan.window_hint')})`,
        min: MIN_WINDOW_HOURS,
        max: MAX_WINDOW_HOURS,
        ...(typed.window_hours ? { value: Number(typed.window_hours) } : {}),
      },
      {
        type: 'Input.ChoiceSet',
        id: 'visibility',
        label: t(locale, 'plan.visibility'),
        value: typed.visibility ?? 'template',
        choices: ['template', ...VISIBILITIES].map((v) =>
          choice(t(locale, `visibility.${v}` as 'visibility.named'), v),
        ),
      },
      {
        type: 'Input.Toggle',
        id: 'share_while_open',
        title: t(locale, 'visibility.while_open'),
        valueOn: 'yes',
        valueOff: 'no',
        value: typed.share_while_open === 'yes' ? 'yes' : 'no',
      },
      { type: 'Input.Text', id: 'time_zone', label: t(locale, 'plan.time_zone'), value: typed.time_zone ?? zone },
    ],
    {
      actions: [
        {
          type: 'Action.Execute',
          title: t(locale, 'plan.create'),
          verb: SCHEDULE_VERB,
          data,
          style: 'positive',
          fallback: { type: 'Action.Submit', title: t(locale, 'plan.create'), data },
        },
      ],
    },
  );
}

/** Stores the card's schedule; the answer is a card saying what was planned, or the form again with the reason. */
export async function saveScheduleCard(
  deps: DialogueDeps,
  organisationId: string,
  person: Person,
  data: Record<string, unknown>,
): Promise<Card> {
  const { locale } = person;
  const typed: Typed = Object.fromEntries(
    Object.entries(data)
      .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
      .map(([key, value]) => [key, String(value).trim()]),
  );
  const visibility = VISIBILITIES.find((v) => v === typed.visibility) ?? null;
  const saved = await createSchedule(deps, {
    organisationId,
    actorPersonId: person.id,
    templateId: typed.template ?? '',
    // A multi-select answers "id1,id2".
    teamIds: (typed.teams ?? '').split(',').filter((id) => id !== ''),
    plan: {
      weekday: typed.weekday ?? '',
      time: typed.time ?? '',
      everyWeeks: typed.every_weeks ?? '1',
      windowHours: typed.window_hours ?? null,
    },
    timeZone: typed.time_zone || DEFAULT_TIME_ZONE,
    blackouts: [],
    visibility,
    shareWhileOpen: typed.share_while_open === 'yes' ? true : null,
  });
  if (!saved.ok) return scheduleCard(deps, organisationId, person, typed, scheduleRefusal(locale, saved).text);
  return card([
    plain(t(locale, 'plan.created', { when: describeSchedule(saved.value, locale) }), { weight: 'Bolder' }),
  ]);
}
