import type { EvidenceKey, Framework } from './framework.js';
import type { ReportBody, ReportEvidence, ReportStandard } from './report-body.js';

type Figures = Omit<ReportBody, 'standards'>;

/**
 * Each evidence key judged on the report's own figures. Thresholds are deliberately plain (half
 * of the teams, half of the figures) so a reader can check them against the report's tables.
 */
export function judgeEvidence(body: Figures): Map<EvidenceKey, ReportEvidence> {
  const { dialogue, outcomes, actions, phases } = body;
  const targeted = outcomes.filter((o) => o.target !== null);
  const shown = targeted.filter((o) => o.meetsTarget !== null);
  const toward = shown.filter((o) => o.meetsTarget === true || o.trend === (o.higherIsBetter ? 'up' : 'down')).length;
  const rates = dialogue.teams.flatMap((t) => (t.participation === null ? [] : [t.participation]));
  const rate = rates.length === 0 ? 0 : Math.round(rates.reduce((a, b) => a + b, 0) / rates.length);
  const followed = actions.filter((a) => a.ownerName !== null && a.dueOn !== null).length;
  const closed = actions.filter((a) => a.status === 'done').length;
  const excerpts = dialogue.questions.reduce((n, q) => n + q.excerpts.length, 0);
  const answered = dialogue.questions.filter((q) => q.answers > 0).length;
  const schoolsMeeting = (key: string) =>
    phases.filter((p) => p.current.evidence.some((e) => e.key === key && e.met)).length;
  const everySchool = (key: string) => phases.length > 0 && schoolsMeeting(key) === phases.length;
  const lowest = phases.length === 0 ? 1 : Math.min(...phases.map((p) => p.current.phase));
  const aspects = body.aspects.filter((a) => a.rounds > 0).length;

  const entries: ReportEvidence[] = [
    { key: 'targets_set', met: targeted.length > 0, params: { count: targeted.length } },
    { key: 'aspects_covered', met: aspects === 3, params: { count: aspects } },
    { key: 'rounds_held', met: dialogue.rounds > 0, params: { count: dialogue.rounds } },
    {
      key: 'steady_rhythm',
      met: everySchool('steady_rhythm'),
      params: { schools: schoolsMeeting('steady_rhythm'), of: phases.length },
    },
    { key: 'participation', met: rates.length > 0 && rate >= 50, params: { rate, teams: rates.length } },
    { key: 'all_questions', met: answered === dialogue.questions.length && answered > 0, params: { count: answered } },
    {
      key: 'linked_outcomes',
      met: everySchool('linked_outcomes'),
      params: { schools: schoolsMeeting('linked_outcomes'), of: phases.length },
    },
    {
      key: 'actions_followed',
      met: actions.length > 0 && followed * 2 >= actions.length,
      params: { followed, total: actions.length },
    },
    { key: 'actions_closed', met: closed > 0, params: { count: closed, total: actions.length } },
    {
      key: 'toward_targets',
      met: shown.length > 0 && toward * 2 >= shown.length,
      params: { toward, total: shown.length },
    },
    { key: 'outside_views', met: body.outsideViews.length > 0, params: { count: body.outsideViews.length } },
    { key: 'highlights', met: excerpts > 0, params: { count: excerpts } },
    { key: 'phase_reached', met: lowest >= 3, params: { phase: lowest } },
  ];
  return new Map(entries.map((e) => [e.key, e]));
}

/** The framework's standards for this report's level, each with its evidence, what is missing and the conclusion written. */
export function mapStandards(
  framework: Framework,
  body: Figures,
  conclusions: ReadonlyMap<string, string>,
): ReportStandard[] {
  const evidence = judgeEvidence(body);
  return framework.standards
    .filter((s) => s.level === body.kind)
    .map((standard) => {
      const items = standard.evidence.flatMap((key) => evidence.get(key) ?? []);
      return {
        code: standard.code,
        name: standard.name,
        description: standard.description,
        evidence: items,
        missing: items.filter((e) => !e.met).map((e) => e.key),
        conclusion: conclusions.get(standard.code) ?? null,
      };
    });
}
