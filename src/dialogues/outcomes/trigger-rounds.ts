import type { DialogueDeps } from '../deps.js';
import { openRound } from '../open-round.js';
import { effectiveTarget, missesTarget, subjectKey, type OutcomeSubject } from './model.js';

export interface TriggerCandidate {
  metricKey: string;
  subject: OutcomeSubject;
  period: string;
}

/**
 * Data-triggered rounds: a figure of a metric marked `triggersRound` that misses its target
 * opens a reflection round in the team it is about, or in every team of the school it is about.
 * Only the newest period counts (importing last year's figures starts nothing), and each
 * snapshot triggers once: `markTriggered` is the gate, so a re-import or a second process opens
 * no second round. Returns how many rounds were opened.
 */
export async function triggerRounds(
  deps: DialogueDeps,
  organisationId: string,
  candidates: readonly TriggerCandidate[],
): Promise<number> {
  const { store } = deps;
  let opened = 0;
  const done = new Set<string>();
  for (const candidate of candidates) {
    const key = JSON.stringify([candidate.metricKey, subjectKey(candidate.subject), candidate.period]);
    if (done.has(key)) continue;
    done.add(key);
    const metric = await store.metrics.get(organisationId, candidate.metricKey);
    if (!metric?.triggersRound) continue;
    const latest = (
      await store.snapshots.list(organisationId, { metricKey: metric.key, subject: candidate.subject })
    ).at(-1);
    if (latest === undefined || latest.period !== candidate.period) continue;
    if (!missesTarget(metric.higherIsBetter, latest.value, effectiveTarget(metric, latest))) continue;
    if (!(await store.snapshots.markTriggered(organisationId, latest.id, deps.clock.now()))) continue;

    const teamIds =
      latest.subject.kind === 'team'
        ? [latest.subject.teamId]
        : (await store.teams.list(organisationId))
            .filter((t) => latest.subject.kind === 'school' && t.schoolId === latest.subject.schoolId)
            .map((t) => t.id);
    for (const teamId of teamIds) {
      const round = await openRound(deps, {
        organisationId,
        teamId,
        trigger: 'data',
        triggeredBy: null,
        template: null,
        theme: metric.name,
        metricKeys: [metric.key],
      });
      if (!round.ok) {
        deps.log.warn(
          { organisationId, teamId, metric: metric.key, code: round.code },
          'data-triggered round not opened',
        );
        continue;
      }
      opened += 1;
      await store.audit.record({
        organisationId,
        actorPersonId: null,
        action: 'round.data_triggered',
        subject: `round:${round.value.round.id}`,
        details: {
          metric: metric.key,
          snapshotId: latest.id,
          value: latest.value,
          target: effectiveTarget(metric, latest),
          period: latest.period,
        },
        at: deps.clock.now(),
      });
    }
  }
  return opened;
}
