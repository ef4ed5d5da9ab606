import { VISIBILITIES } from '../../dialogues/answer-visibility.js';
import type { Locale, Schedule, Team, Template } from '../../dialogues/model.js';
import { MAX_EVERY_WEEKS, MAX_WINDOW_HOURS, recurrenceOf } from '../../dialogues/recurrence.js';
import { t } from '../../i18n/index.js';
import { weekdayOptions } from '../../i18n/recurrence-text.js';
import { html, type SafeHtml } from '../web/html.js';

/** What the form shows: a stored schedule's values, or what was just sent back with an error. */
export interface ScheduleFormValues {
  templateId: string;
  teamIds: string[];
  weekday: string;
  time: string;
  everyWeeks: string;
  windowHours: string;
  visibility: string;
  shareWhileOpen: boolean;
  timeZone: string;
}

export interface ScheduleFormView {
  locale: Locale;
  /** null: a new schedule. */
  schedule: Schedule | null;
  values: ScheduleFormValues;
  templates: Template[];
  /** The teams the coordinator may plan for. */
  teams: Team[];
  /** The field an error concerns, marked for screen readers. */
  invalid?: string | null;
}

/** The values of a stored schedule, or the defaults of a new one (Monday 09:00, every week). */
export function formValuesOf(schedule: Schedule | null, timeZone: string, templateId = ''): ScheduleFormValues {
  const recurrence = schedule ? recurrenceOf(schedule) : null;
  const weekly = recurrence?.kind === 'weekly' ? recurrence : null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    templateId: schedule?.templateId ?? templateId,
    teamIds: schedule?.teamIds ?? [],
    weekday: String(weekly?.weekdays[0] ?? 1),
    time: weekly ? `${pad(weekly.hour)}:${pad(weekly.minute)}` : '09:00',
    everyWeeks: String(schedule?.everyWeeks ?? 1),
    windowHours: schedule?.windowHours === null || schedule === null ? '' : String(schedule.windowHours),
    visibility: schedule?.visibility ?? 'template',
    shareWhileOpen: schedule?.shareWhileOpen === true,
    timeZone: schedule?.timeZone ?? timeZone,
  };
}

/**
 * The create / edit form. Plain HTML posted as multipart (for the .ics file); the dashboard's
 * same-origin check covers it, and the server checks every field again.
 */
export function scheduleFormBody(view: ScheduleFormView): SafeHtml {
  const { locale, values, schedule } = view;
  const action = schedule ? `/dashboard/schedules/${schedule.id}` : '/dashboard/schedules';
  const invalid = (field: string) => (view.invalid === field ? html` aria-invalid="true"` : '');
  const selected = (yes: boolean) => (yes ? html` selected` : '');
  return html`<form method="post" action="${action}" enctype="multipart/form-data" class="plan" data-testid="schedule-form">
    <label for="plan-template">${t(locale, 'plan.template')}</label>
    <select id="plan-template" name="template" required>
      ${view.templates.map(
        (tpl) => html`<option value="${tpl.id}" ${selected(tpl.id === values.templateId)}>${tpl.name}</option>`,
      )}
    </select>
    <fieldset${invalid('teams')}>
      <legend>${t(locale, 'plan.teams')}</legend>
      ${view.teams.map(
        (team) =>
          html`<label class="check"
            ><input
              type="checkbox"
              name="teams"
              value="${team.id}"
              ${values.teamIds.includes(team.id) ? html` checked` : ''}
            />
            ${team.name}</label
          >`,
      )}
    </fieldset>
    <label for="plan-weekday">${t(locale, 'plan.weekday')}</label>
    <select id="plan-weekday" name="weekday"${invalid('weekday')}>
      ${weekdayOptions(locale).map(
        (d) =>
          html`<option value="${String(d.value)}" ${selected(String(d.value) === values.weekday)}>${d.name}</option>`,
      )}
    </select>
    <label for="plan-time">${t(locale, 'plan.time')}</label>
    <input id="plan-time" name="time" value="${values.time}" inputmode="numeric" placeholder="09:00" required${invalid('time')} />
    <label for="plan-every">${t(locale, 'plan.every_weeks')}</label>
    <input id="plan-every" name="every_weeks" type="number" min="1" max="${String(MAX_EVERY_WEEKS)}" value="${values.everyWeeks}" required${invalid('every_weeks')} />
    <label for="plan-window">${t(locale, 'plan.window_hours')}</label>
    <input id="plan-window" name="window_hours" type="number" min="1" max="${String(MAX_WINDOW_HOURS)}" value="${values.windowHours}" aria-describedby="plan-window-hint"${invalid('window_hours')} />
    <small id="plan-window-hint" class="muted">${t(locale, 'plan.window_hint')}</small>
    <label for="plan-visibility">${t(locale, 'plan.visibility')}</label>
    <select id="plan-visibility" name="visibility">
      ${['template', ...VISIBILITIES].map(
        (v) =>
          html`<option value="${v}" ${selected(v === values.visibility)}>
            ${t(locale, `visibility.${v}` as 'visibility.named')}
          </option>`,
      )}
    </select>
    <label class="check"
      ><input type="checkbox" name="share_while_open" value="yes" ${values.shareWhileOpen ? html` checked` : ''} />
      ${t(locale, 'plan.while_open')}</label
    >
    <label for="plan-zone">${t(locale, 'plan.time_zone')}</label>
    <input id="plan-zone" name="time_zone" value="${values.timeZone}" required />
    <label for="plan-holidays">${t(locale, 'plan.holidays')}</label>
    <input id="plan-holidays" name="holidays" type="file" accept=".ics,text/calendar" aria-describedby="plan-holidays-hint" />
    <small id="plan-holidays-hint" class="muted">${t(locale, 'plan.holidays_hint')}</small>
    ${
      schedule && schedule.blackouts.length > 0
        ? html`<ul class="holidays" data-testid="holidays">
              ${schedule.blackouts.map((b) => html`<li>${b.label}: ${b.from} – ${b.to}</li>`)}
            </ul>
            <label class="check"
              ><input type="checkbox" name="holidays_clear" value="yes" /> ${t(locale, 'plan.holidays_clear')}</label
            >`
        : ''
    }
    <button type="submit">${t(locale, schedule ? 'plan.save' : 'plan.create')}</button>
  </form>`;
}

/** The second step of removing: one more button, no script needed. */
export function removeConfirmBody(locale: Locale, schedule: Schedule, when: string): SafeHtml {
  return html`<p>${when}</p>
    <p>${t(locale, 'plan.remove_confirm')}</p>
    <form method="post" action="/dashboard/schedules/${schedule.id}/remove" class="inline">
      <input type="hidden" name="confirm" value="yes" />
      <button type="submit" data-testid="confirm-remove">${t(locale, 'plan.remove')}</button>
      <a href="/dashboard/schedules">${t(locale, 'slack.modal_cancel')}</a>
    </form>`;
}
