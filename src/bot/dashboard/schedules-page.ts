import { answerSettings, visibilityOf } from '../../dialogues/answer-visibility.js';
import type { Locale, Schedule, Team, Template } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { describeSchedule } from '../../i18n/recurrence-text.js';
import { html, type SafeHtml } from '../web/html.js';

export interface SchedulesView {
  locale: Locale;
  schedules: Schedule[];
  templates: ReadonlyMap<string, Template>;
  teams: ReadonlyMap<string, Team>;
  /** The schedules this reader may change (edit, pause, remove); empty for a reader who only looks. */
  manageable: ReadonlySet<string>;
  /** Whether the reader coordinates any team and so may add a schedule. */
  mayCreate: boolean;
  digestWhen: string;
  /** Leaders' own digest moments and leadership channels. */
  subscriptions: { who: string; where: string; when: string }[];
}

export function schedulesBody(view: SchedulesView): SafeHtml {
  const { locale } = view;
  return html`${
    view.mayCreate
      ? html`<p>
            <a class="button" href="/dashboard/schedules/new" data-testid="new-schedule"
              >${t(locale, 'plan.title_new')}</a
            >
          </p>`
      : ''
  }
    <div class="scroll">
      <table data-testid="schedules">
        <thead>
          <tr>
            <th>${t(locale, 'dashboard.template')}</th>
            <th>${t(locale, 'dashboard.cron')}</th>
            <th>${t(locale, 'dashboard.time_zone')}</th>
            <th>${t(locale, 'dashboard.teams')}</th>
            <th>${t(locale, 'dashboard.answers_visible')}</th>
            <th>${t(locale, 'dashboard.status')}</th>
            ${view.manageable.size > 0 ? html`<th><span class="sr-only">${t(locale, 'plan.edit')}</span></th>` : ''}
          </tr>
        </thead>
        <tbody>
          ${view.schedules.map(
            (s) =>
              html`<tr data-schedule="${s.id}">
                <td>${view.templates.get(s.templateId)?.name ?? s.templateId}</td>
                <td>${describeSchedule(s, locale)} ${whereLines(locale, s, view.templates.get(s.templateId))}</td>
                <td>${s.timeZone}</td>
                <td>
                  ${s.teamIds
                    .map((id) => view.teams.get(id)?.name)
                    .filter(Boolean)
                    .join(', ')}
                </td>
                <td>${visibilityText(locale, s, view.templates.get(s.templateId))}</td>
                <td>${t(locale, s.paused ? 'dashboard.paused' : 'dashboard.active')}</td>
                ${view.manageable.size > 0 ? html`<td>${view.manageable.has(s.id) ? manageButtons(locale, s) : ''}</td>` : ''}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h2>${t(locale, 'dashboard.digest_title')}</h2>
    <p>${view.digestWhen}</p>
    ${
      view.subscriptions.length > 0
        ? html`<table data-testid="digest-subscriptions">
            <thead>
              <tr>
                <th>${t(locale, 'dashboard.digest_who')}</th>
                <th>${t(locale, 'dashboard.digest_where')}</th>
                <th>${t(locale, 'dashboard.digest_at')}</th>
              </tr>
            </thead>
            <tbody>
              ${view.subscriptions.map(
                (s) =>
                  html`<tr>
                    <td>${s.who}</td>
                    <td>${s.where}</td>
                    <td>${s.when}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }`;
}

/** Who reads the answers of the schedule's rounds: the template's choice with the schedule's overrides. */
function visibilityText(locale: Locale, schedule: Schedule, template: Template | undefined): string {
  const settings = answerSettings(template ?? null, schedule);
  const who = t(locale, `visibility.${visibilityOf(settings)}`);
  return settings.shareWhileOpen && settings.audience === 'team'
    ? `${who}; ${t(locale, 'visibility.while_open')}`
    : who;
}

/** The window and the holidays under the schedule's moment: "72 uur open · 2 vakantieperiode(s)". */
function whereLines(locale: Locale, schedule: Schedule, template: Template | undefined): SafeHtml {
  const hours = schedule.windowHours ?? template?.responseWindowHours;
  const parts = [
    hours === undefined ? '' : t(locale, 'plan.window', { hours }),
    schedule.blackouts.length > 0 ? t(locale, 'plan.holidays_count', { n: schedule.blackouts.length }) : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? html`<br /><small class="muted">${parts.join(' · ')}</small>` : html``;
}

function manageButtons(locale: Locale, schedule: Schedule): SafeHtml {
  const pause = schedule.paused ? 'resume' : 'pause';
  return html`<div class="inline">
    <a href="/dashboard/schedules/${schedule.id}/edit" data-testid="edit">${t(locale, 'plan.edit')}</a>
    <form method="post" action="/dashboard/schedules/${schedule.id}/${pause}" class="inline">
      <button type="submit" data-testid="${pause}">${t(locale, `plan.${pause}`)}</button>
    </form>
    <form method="post" action="/dashboard/schedules/${schedule.id}/remove" class="inline">
      <button type="submit" data-testid="remove">${t(locale, 'plan.remove')}</button>
    </form>
  </div>`;
}
