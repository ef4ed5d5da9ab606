import type { Locale } from '../dialogues/model.js';
import type { ReportBody } from '../dialogues/report/report-body.js';
import { localized } from '../dialogues/report/framework.js';
import { questionWording, t } from '../i18n/index.js';
import {
  evidenceText,
  figure,
  meetsText,
  phaseName,
  quarterEnd,
  quarterTitles,
  reviewerName,
  reportSubtitle,
  reportTitle,
  schoolDialogue,
  targetText,
  trackText,
  roundCount,
  roundsInTeams,
} from './report-format.js';

/** The report as plain text, for the terminal (`vijfvragen report` without --pdf or --json). */
export function reportText(body: ReportBody, locale: Locale): string {
  const out: string[] = [
    reportTitle(body, locale),
    reportSubtitle(body, locale),
    t(locale, 'report.framework', { name: localized(body.framework.name, locale) }),
    '',
  ];
  out.push(`== ${t(locale, 'report.standards_title')}`);
  for (const s of body.standards) {
    out.push(`${s.code} ${localized(s.name, locale)}`);
    for (const e of s.evidence) out.push(`  [${e.met ? 'x' : ' '}] ${evidenceText(e, locale)}`);
    out.push(`  ${t(locale, 'report.conclusion')}: ${s.conclusion ?? t(locale, 'report.conclusion_none')}`);
  }
  out.push('', `== ${t(locale, 'report.phase_title')}`);
  for (const p of body.phases)
    out.push(`${p.schoolName}: ${phaseName(p.current.phase, locale)} (${trackText(p.track, locale)})`);
  out.push('', `== ${t(locale, 'report.outcomes_title')}`);
  if (body.outcomes.length === 0) out.push(t(locale, 'report.outcomes_none'));
  for (const o of body.outcomes) {
    out.push(
      `${o.subjectName} · ${o.name}: ${o.series.map((s) => `${s.period} ${figure(s.value, o.unit, locale)}`).join(', ')} — ${targetText(o, locale)} ${meetsText(o, locale)}`.trimEnd(),
    );
  }
  out.push(
    '',
    `== ${t(locale, 'report.dialogue_title')}`,
    roundsInTeams(
      body.dialogue.rounds,
      body.dialogue.teams.filter((x) => x.rounds > 0).length,
      locale,
      'dialogue_summary',
    ),
  );
  for (const s of schoolDialogue(body))
    out.push(
      `${s.schoolName}: ${roundCount(s.rounds, locale)}, ${t(locale, 'report.participation').toLowerCase()} ${s.participation === null ? '–' : `${s.participation}%`}`,
    );
  for (const q of body.dialogue.questions) {
    out.push(`${questionWording(q.key, locale)} (${t(locale, 'report.answers', { count: q.answers })})`);
    for (const e of q.excerpts)
      out.push(
        `  "${e.text}" — ${e.teamName === null ? t(locale, 'report.excerpt_source_hidden', { ...e }) : t(locale, 'report.excerpt_source', { ...e, team: e.teamName })}`,
      );
  }
  out.push('', `== ${t(locale, 'report.actions_title')}`);
  if (body.actions.length === 0) out.push(t(locale, 'report.actions_none'));
  for (const a of body.actions) {
    const aims = a.aimedAt.map((x) => `${x.name}: ${t(locale, `report.moved.${x.moved}`)}`).join('; ');
    out.push(
      `${a.title} (${a.teamName}) — ${a.ownerName ?? '–'}, ${t(locale, `report.status_names.${a.status}`)}${aims ? ` — ${aims}` : ''}`,
    );
  }
  out.push('', `== ${t(locale, 'report.quarters_title')}`);
  for (const q of body.actionQuarters) {
    out.push(t(locale, 'report.quarter_range', { from: q.from, to: q.to }));
    out.push(
      `  ${t(locale, 'report.decided', { count: q.decided.length })}: ${quarterTitles(q.decided, body.kind === 'board', locale)}`,
    );
    out.push(
      `  ${t(locale, 'report.done', { count: q.done.length })}: ${quarterTitles(q.done, body.kind === 'board', locale)}`,
    );
    out.push(`  ${t(locale, 'report.quarter_end')}: ${quarterEnd(q, locale)}`);
  }
  out.push('', `== ${t(locale, 'report.outside_title')}`);
  if (body.outsideViews.length === 0) out.push(t(locale, 'report.outside_none'));
  for (const v of body.outsideViews) out.push(`${reviewerName(v, locale)} (${v.teamName}, ${v.on}): "${v.text}"`);
  out.push('', `== ${t(locale, 'report.aspects_title')}`);
  for (const a of body.aspects)
    out.push(`${t(locale, `aspect.${a.aspect}`)}: ${roundsInTeams(a.rounds, a.teams, locale, 'aspect_line')}`);
  return out.join('\n');
}
