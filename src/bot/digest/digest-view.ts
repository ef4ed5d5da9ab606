import type { DigestAction, DigestOutcome } from '../../dialogues/digest/digest-body.js';
import type { DigestMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { questionWording, t } from '../../i18n/index.js';
import { formatNumber } from '../../i18n/numbers.js';

/**
 * A digest as translated plain text, in sections: the one place that decides what a digest says.
 * The Slack, Teams, web and text renderers only format (and escape) these lines, so the four
 * channels never drift apart.
 */
export interface DigestView {
  title: string;
  subtitle: string;
  sections: DigestSection[];
  note: string;
}

export interface DigestSection {
  id: 'teams' | 'silent' | 'questions' | 'outcomes' | 'actions' | 'phases';
  title: string;
  lines: DigestLine[];
}

export interface DigestLine {
  text: string;
  /** A sub-line: an excerpt under a question, evidence under a phase, an action under its group. */
  indent?: boolean;
  /** An answer quoted from a team; renderers show it as a quote. */
  quote?: boolean;
  /** Good or bad news (target met, evidence present), for a mark or a colour. */
  mark?: 'good' | 'bad';
}

/** Lines per section; the rest is counted in one "and N more" line. */
export const MAX_LINES = 40;

export function digestView(message: DigestMessage, locale: Locale): DigestView {
  const body = message.body;
  const number = (value: number) => formatNumber(value, locale);
  const teams: DigestLine[] =
    body.teams.length === 0
      ? [{ text: t(locale, 'digest.no_teams') }]
      : body.teams.map((line) => {
          const params = {
            team: line.teamName,
            school: line.schoolName,
            count: line.rounds,
            rate: line.responseRate === null ? '' : number(line.responseRate),
            participants: line.participants ?? '',
            members: line.members,
            min: body.minGroupSize,
          };
          if (line.rounds === 0) return { text: t(locale, 'digest.team_line_none', params), mark: 'bad' };
          if (line.smallGroup || line.responseRate === null)
            return { text: t(locale, 'digest.team_line_small', params) };
          return { text: t(locale, 'digest.team_line', params) };
        });
  const silent: DigestLine[] = body.silentTeams.map((s) => ({
    text: t(locale, s.weeks === null ? 'digest.silent_never' : 'digest.silent_line', {
      team: s.teamName,
      school: s.schoolName,
      weeks: s.weeks ?? '',
    }),
    mark: 'bad',
  }));
  const questions: DigestLine[] = body.questions.flatMap((q) => [
    { text: t(locale, 'digest.question_line', { question: questionWording(q.key, locale), count: q.answers }) },
    ...q.excerpts.map((e) => ({
      text: `“${e.text}” (${[e.teamName ?? t(locale, 'digest.unattributed'), e.authorName].filter(Boolean).join(', ')})`,
      indent: true,
      quote: true,
    })),
  ]);
  const outcomes: DigestLine[] = body.outcomes.map((o) => outcomeLine(o, locale, number));
  const actions: DigestLine[] = [
    ...actionGroup(
      t(locale, 'digest.actions_created', { count: body.actions.created.length }),
      body.actions.created,
      locale,
    ),
    ...actionGroup(
      t(locale, 'digest.actions_overdue', { count: body.actions.overdue.length }),
      body.actions.overdue,
      locale,
    ),
    ...actionGroup(
      t(locale, 'digest.actions_completed', { count: body.actions.completed.length }),
      body.actions.completed,
      locale,
    ),
  ];
  const phases: DigestLine[] = body.phases.flatMap((p) => [
    {
      text: t(locale, 'digest.phase_line', {
        school: p.schoolName,
        phase: p.phase,
        name: t(locale, `digest.phase_${p.phase}`),
      }),
    },
    ...p.evidence.map((e): DigestLine => ({
      text: `${e.phase}. ${t(locale, `digest.evidence.${e.key}`, e.params)}`,
      indent: true,
      mark: e.met ? 'good' : 'bad',
    })),
  ]);
  const sections: DigestSection[] = [
    { id: 'teams', title: t(locale, 'digest.teams_title'), lines: teams },
    { id: 'silent', title: t(locale, 'digest.silent_title', { weeks: body.silentAfterWeeks }), lines: silent },
    { id: 'questions', title: t(locale, 'digest.questions_title'), lines: questions },
    { id: 'outcomes', title: t(locale, 'digest.outcomes_title'), lines: outcomes },
    { id: 'actions', title: t(locale, 'digest.actions_title'), lines: actions },
    { id: 'phases', title: t(locale, 'digest.phases_title'), lines: phases },
  ];
  return {
    title: `${t(locale, 'digest.title')} ${message.week}`,
    subtitle: t(locale, 'digest.subtitle', {
      scope: message.scopeName,
      week: message.week,
      from: body.from,
      to: body.to,
    }),
    sections: sections.filter((s) => s.lines.length > 0).map((s) => ({ ...s, lines: capped(s.lines, locale) })),
    note: t(locale, 'digest.small_group_note', { min: body.minGroupSize }),
  };
}

function outcomeLine(o: DigestOutcome, locale: Locale, number: (v: number) => string): DigestLine {
  const params = {
    subject: o.subjectName,
    name: o.name,
    period: o.period,
    value: o.value === null ? '' : number(o.value),
    unit: o.unit,
    target: o.target === null ? '' : number(o.target),
  };
  if (o.value === null) return { text: t(locale, 'digest.outcome_hidden', params) };
  const parts = [t(locale, o.target === null ? 'digest.outcome_no_target' : 'digest.outcome_line', params)];
  if (o.meetsTarget !== null) parts.push(t(locale, o.meetsTarget ? 'digest.meets' : 'digest.misses'));
  if (o.change !== null)
    parts.push(t(locale, 'digest.change', { change: `${o.change > 0 ? '+' : ''}${number(o.change)}${o.unit}` }));
  return { text: parts.join(' · '), ...(o.meetsTarget === null ? {} : { mark: o.meetsTarget ? 'good' : 'bad' }) };
}

function actionGroup(title: string, actions: readonly DigestAction[], locale: Locale): DigestLine[] {
  const lines = actions.map((a) => ({
    text: [
      a.number === undefined ? a.title : `#${a.number} ${a.title}`,
      a.teamName,
      t(locale, `action_status.${a.status}`),
      a.ownerName ? t(locale, 'digest.action_owner', { owner: a.ownerName }) : null,
      a.dueOn ? t(locale, 'digest.action_due', { due: a.dueOn }) : null,
    ]
      .filter(Boolean)
      .join(' · '),
    indent: true,
  }));
  return [{ text: actions.length === 0 ? `${title}: ${t(locale, 'digest.none')}` : title }, ...lines];
}

function capped(lines: DigestLine[], locale: Locale): DigestLine[] {
  if (lines.length <= MAX_LINES) return lines;
  return [
    ...lines.slice(0, MAX_LINES - 1),
    { text: t(locale, 'digest.text_more', { count: lines.length - MAX_LINES + 1 }) },
  ];
}

/** The digest as plain text: the CLI preview and the notification fallback. */
export function digestText(message: DigestMessage, locale: Locale): string {
  const view = digestView(message, locale);
  const out = [view.title, view.subtitle, ''];
  for (const section of view.sections) {
    out.push(section.title);
    for (const line of section.lines)
      out.push(
        `${line.indent ? '    ' : '  '}${line.mark === 'good' ? '✓ ' : line.mark === 'bad' ? '✗ ' : ''}${line.text}`,
      );
    out.push('');
  }
  out.push(view.note);
  if (message.body.chartUrl) out.push(`${t(locale, 'digest.chart_title')}: ${message.body.chartUrl}`);
  if (message.body.dashboardUrl) out.push(`${t(locale, 'digest.dashboard_link')}: ${message.body.dashboardUrl}`);
  return out.join('\n');
}
