import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import type { DialogueDeps } from '../dialogues/deps.js';
import { buildDigest } from '../dialogues/digest/build-digest.js';
import { chartData, type ChartData } from '../dialogues/digest/chart-data.js';
import { isoWeekOf, previousWeek } from '../dialogues/digest/iso-week.js';
import { resolveScope } from '../dialogues/digest/reader-scope.js';
import type { DigestSchedule } from '../dialogues/digest/schedule-digests.js';
import type { DigestMessage } from '../dialogues/messages.js';
import type { Locale } from '../dialogues/model.js';
import type { Result } from '../dialogues/result.js';
import { DEFAULT_TIME_ZONE } from '../dialogues/time-zone.js';

/** Draws a digest chart as a PNG; the composition root fills it (src/bot/charts, echarts + resvg). */
export type ChartRenderer = (data: ChartData, locale: Locale) => Promise<Buffer>;

/**
 * The digest as the rest of the bot uses it: built with the configured minimum group size and
 * links, its chart drawn on request. The chart URL is stable per (organisation, leader, week) and
 * signed, because Slack and Teams fetch images without any session: the signature is the only
 * key, and it opens just that one picture.
 */
export interface DigestService {
  /** `week` defaults to the week before the current one, in the organisation's time zone. */
  build(organisationId: string, personId: string, week?: string): Promise<Result<DigestMessage>>;
  /** `schoolId` cuts the chart to one school of the person's scope, as a school's channel digest is. */
  chart(organisationId: string, personId: string, week: string, schoolId?: string | null): Promise<Buffer | null>;
  /** The figures the chart draws (its text alternative); null where the person has no chart. */
  chartFigures(
    organisationId: string,
    personId: string,
    week: string,
    schoolId?: string | null,
  ): Promise<ChartData | null>;
  chartUrl(organisationId: string, personId: string, week: string, schoolId?: string | null): string;
  verifyChart(
    organisationId: string,
    personId: string,
    week: string,
    signature: string,
    schoolId?: string | null,
  ): boolean;
  /** The organisation's own minimum group size, else MIN_GROUP_SIZE. */
  minGroupSize(organisationId: string): Promise<number>;
  readonly schedule: DigestSchedule;
}

export function createDigestService(
  deps: DialogueDeps,
  config: Pick<Config, 'publicUrl' | 'tokenSecret' | 'minGroupSize' | 'digestAt'>,
  renderChart: ChartRenderer,
): DigestService {
  // The school is signed too, so a school's chart link cannot be widened to the whole scope.
  const sign = (organisationId: string, personId: string, week: string, schoolId: string | null = null) =>
    createHmac('sha256', config.tokenSecret)
      .update(`digest-chart:${organisationId}:${personId}:${week}${schoolId ? `:school:${schoolId}` : ''}`)
      .digest('base64url')
      .slice(0, 32);
  const chartUrl = (organisationId: string, personId: string, week: string, schoolId: string | null = null) =>
    `${config.publicUrl}/charts/digest/${encodeURIComponent(organisationId)}/${encodeURIComponent(personId)}/${week}.png?${schoolId ? `school=${encodeURIComponent(schoolId)}&` : ''}sig=${sign(organisationId, personId, week, schoolId)}`;
  const options = {
    minGroupSize: config.minGroupSize,
    links: (d: { organisationId: string; personId: string; week: string; schoolId?: string | null }) => ({
      chartUrl: chartUrl(d.organisationId, d.personId, d.week, d.schoolId ?? null),
      dashboardUrl: `${config.publicUrl}/dashboard`,
    }),
  };
  const minGroupSize = async (organisationId: string) =>
    (await deps.store.digests.minGroupSize(organisationId)) ?? config.minGroupSize;
  const chartFigures = async (
    organisationId: string,
    personId: string,
    week: string,
    schoolId: string | null = null,
  ): Promise<ChartData | null> => {
    const resolved = await resolveScope(deps.store, organisationId, personId, { membersToo: false });
    if (resolved.scope.kind === 'none') return null;
    const { scope, teams, schools } =
      schoolId === null
        ? resolved
        : {
            scope: resolved.scope,
            teams: resolved.teams.filter((team) => team.schoolId === schoolId),
            schools: resolved.schools.filter((s) => s.id === schoolId),
          };
    if (schoolId !== null && (scope.kind === 'teams' || schools.length === 0)) return null;
    return chartData(deps, {
      organisationId,
      teams,
      schoolIds: scope.kind === 'teams' ? [] : schools.map((s) => s.id),
      week,
      minGroupSize: await minGroupSize(organisationId),
    });
  };
  return {
    minGroupSize,
    schedule: { ...options, ...config.digestAt },
    async build(organisationId, personId, week) {
      const organisation = await deps.store.organisations.get(organisationId);
      const chosen = week ?? previousWeek(isoWeekOf(deps.clock.now(), organisation?.timeZone ?? DEFAULT_TIME_ZONE));
      return buildDigest(
        deps,
        { organisationId, personId, week: chosen },
        { ...options, minGroupSize: await minGroupSize(organisationId) },
      );
    },
    async chart(organisationId, personId, week, schoolId = null) {
      const data = await chartFigures(organisationId, personId, week, schoolId);
      if (data === null) return null;
      const person = await deps.store.people.get(organisationId, personId);
      return renderChart(data, person?.locale ?? 'nl');
    },
    chartFigures,
    chartUrl,
    verifyChart(organisationId, personId, week, signature, schoolId = null) {
      const expected = Buffer.from(sign(organisationId, personId, week, schoolId));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
