import type { TimeRange } from '../../src/dialogues/digest/digest-reads.js';
import type { Reply, Round } from '../../src/dialogues/model.js';
import type { Store } from '../../src/dialogues/ports.js';
import type { QuestionKey } from '../../src/dialogues/questions.js';
import type { Framework } from '../../src/dialogues/report/framework.js';
import type { ReportReadRepository, ReportRepository, ReportVersion } from '../../src/dialogues/report/report-reads.js';

const within = (at: Date, range: TimeRange) =>
  at.getTime() >= range.from.getTime() && at.getTime() < range.to.getTime();
const subjectText = (s: ReportVersion['subject']) => (s.kind === 'board' ? 'board' : `school:${s.schoolId}`);

/**
 * The report's ports in memory, for unit tests and the memory half of the store suites: the reads
 * are computed from the Store's own lists, with the SQL repositories' semantics.
 */
export function memoryReportPorts(store: Store): { reads: ReportReadRepository; reports: ReportRepository } {
  const highlights = new Map<string, { organisationId: string; replyId: string }>();
  const conclusions = new Map<string, string>();
  const frameworks = new Map<string, Framework>();
  const versions: ReportVersion[] = [];

  const roundsIn = async (organisationId: string, teamIds: readonly string[], range: TimeRange): Promise<Round[]> => {
    const all = await Promise.all(teamIds.map((teamId) => store.rounds.list(organisationId, { teamId })));
    return all
      .flat()
      .filter((r) => within(r.openedAt, range))
      .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  };
  const liveReplies = async (organisationId: string, round: Round): Promise<Reply[]> =>
    (await store.replies.listByRound(organisationId, round.id)).filter((r) => r.deletedAt === null);
  const participants = (replies: readonly Reply[]) =>
    new Set(replies.filter((r) => r.source !== 'guest').map((r) => r.authorToken)).size;

  const reads: ReportReadRepository = {
    async teamDialogue(organisationId, teamIds, range) {
      const byTeam = new Map<
        string,
        { rounds: number; participantRounds: number; fewest: number; answers: Partial<Record<QuestionKey, number>> }
      >();
      for (const round of await roundsIn(organisationId, teamIds, range)) {
        const replies = await liveReplies(organisationId, round);
        const n = participants(replies);
        const entry = byTeam.get(round.teamId) ?? {
          rounds: 0,
          participantRounds: 0,
          fewest: Number.POSITIVE_INFINITY,
          answers: {},
        };
        for (const reply of replies)
          if (reply.questionKey) entry.answers[reply.questionKey] = (entry.answers[reply.questionKey] ?? 0) + 1;
        byTeam.set(round.teamId, {
          rounds: entry.rounds + 1,
          participantRounds: entry.participantRounds + n,
          fewest: Math.min(entry.fewest, n),
          answers: entry.answers,
        });
      }
      return [...byTeam].map(([teamId, v]) => ({ teamId, ...v }));
    },
    async aspectCounts(organisationId, teamIds, range) {
      const rounds = await roundsIn(organisationId, teamIds, range);
      const aspects = [...new Set(rounds.map((r) => r.aspect))];
      return aspects.map((aspect) => ({
        aspect,
        rounds: rounds.filter((r) => r.aspect === aspect).length,
        teams: new Set(rounds.filter((r) => r.aspect === aspect).map((r) => r.teamId)).size,
      }));
    },
    async highlights(organisationId, teamIds, range) {
      const rows = [];
      for (const round of await roundsIn(organisationId, teamIds, range)) {
        const replies = await liveReplies(organisationId, round);
        for (const reply of replies) {
          if (!reply.questionKey || !highlights.has(`${organisationId}|${reply.id}`)) continue;
          rows.push({
            replyId: reply.id,
            questionKey: reply.questionKey,
            text: reply.text,
            roundId: round.id,
            teamId: round.teamId,
            theme: round.theme,
            openedAt: round.openedAt,
            participants: participants(replies),
          });
        }
      }
      return rows;
    },
    async actions(organisationId, teamIds, range) {
      const people = new Map((await store.people.list(organisationId)).map((p) => [p.id, p.displayName]));
      const rows = [];
      for (const a of (await store.actions.list(organisationId)).sort(
        (x, y) => x.createdAt.getTime() - y.createdAt.getTime(),
      )) {
        if (!teamIds.includes(a.teamId) || a.createdAt.getTime() >= range.to.getTime()) continue;
        if (!(
          a.createdAt >= range.from ||
          a.updatedAt >= range.from ||
          a.status === 'open' ||
          a.status === 'in_progress'
        ))
          continue;
        const round = a.roundId ? await store.rounds.get(organisationId, a.roundId) : null;
        rows.push({
          id: a.id,
          teamId: a.teamId,
          title: a.title,
          status: a.status,
          dueOn: a.dueOn,
          ownerName: a.ownerPersonId ? (people.get(a.ownerPersonId) ?? null) : null,
          createdAt: a.createdAt,
          metricKeys: round?.metricKeys ?? [],
        });
      }
      return rows;
    },
    async outsideViews(organisationId, teamIds, range) {
      const rows = [];
      for (const round of await roundsIn(organisationId, teamIds, range)) {
        const invitations = (await store.guests.listByRound(organisationId, round.id)).map((i) => ({
          id: i.id,
          name: i.name,
        }));
        for (const reply of await liveReplies(organisationId, round)) {
          if (reply.source !== 'guest' || reply.questionKey !== 'outside_view') continue;
          rows.push({
            roundId: round.id,
            teamId: round.teamId,
            theme: round.theme,
            openedAt: round.openedAt,
            text: reply.text,
            authorToken: reply.authorToken,
            invitations,
          });
        }
      }
      return rows;
    },
  };

  const reports: ReportRepository = {
    async setHighlight(organisationId, replyId, on) {
      const key = `${organisationId}|${replyId}`;
      const was = highlights.has(key);
      if (on) highlights.set(key, { organisationId, replyId });
      else highlights.delete(key);
      return was !== on;
    },
    async setConclusion(organisationId, subject, period, code, text) {
      const key = `${organisationId}|${subjectText(subject)}|${period}|${code}`;
      if (text.trim() === '') conclusions.delete(key);
      else conclusions.set(key, text);
    },
    async conclusions(organisationId, subject, period) {
      const prefix = `${organisationId}|${subjectText(subject)}|${period}|`;
      return new Map(
        [...conclusions].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]),
      );
    },
    async publish(version) {
      const same = versions.filter(
        (v) =>
          v.organisationId === version.organisationId &&
          subjectText(v.subject) === subjectText(version.subject) &&
          v.period === version.period,
      );
      const stored = Object.freeze({ ...version, version: same.length + 1, pdf: new Uint8Array(version.pdf) });
      versions.push(stored);
      return stored;
    },
    async listVersions(organisationId, subject, period) {
      return versions
        .filter(
          (v) =>
            v.organisationId === organisationId &&
            subjectText(v.subject) === subjectText(subject) &&
            v.period === period,
        )
        .sort((a, b) => b.version - a.version)
        .map(({ json: _j, pdf: _p, ...summary }) => summary);
    },
    async getVersion(organisationId, id) {
      return versions.find((v) => v.organisationId === organisationId && v.id === id) ?? null;
    },
    async findVersionByPdf(organisationId, pdfSha256) {
      const found = versions.find((v) => v.organisationId === organisationId && v.pdfSha256 === pdfSha256);
      if (!found) return null;
      const { json: _j, pdf: _p, ...summary } = found;
      return summary;
    },
    async framework(organisationId) {
      return frameworks.get(organisationId) ?? null;
    },
    async setFramework(organisationId, framework) {
      if (framework === null) frameworks.delete(organisationId);
      else frameworks.set(organisationId, framework);
    },
  };
  return { reads, reports };
}
