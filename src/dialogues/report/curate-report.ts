import { holds, teamContext } from '../access.js';
import { fail, ok, type Result } from '../result.js';
import {
  buildReport,
  resolvePeriod,
  subjectContext,
  type ReportDeps,
  type ReportError,
  type ReportRequest,
} from './build-report.js';
import type { Framework } from './framework.js';
import type { ReportBody } from './report-body.js';
import type { ReportSubject, ReportVersion } from './report-reads.js';

export const MAX_CONCLUSION_CHARS = 4000;

/** `personId` null is the operator at the command line (see `ReportRequest.personId`). */
async function isCoordinator(
  deps: ReportDeps,
  organisationId: string,
  personId: string | null,
  context: Parameters<typeof holds>[2],
): Promise<boolean> {
  if (personId === null) return true;
  return holds(await deps.dialogue.store.people.roles(organisationId, personId), 'coordinator', context);
}

/**
 * Marks (or unmarks) one answer as a highlight for the report. Only a coordinator of the answer's
 * team (of its school, or of the organisation) may; guests' and deleted answers are not quoted.
 */
export async function markHighlight(
  deps: ReportDeps,
  input: { organisationId: string; personId: string | null; replyId: string; on: boolean },
): Promise<Result<{ changed: boolean }, 'reply.not_found' | 'permission.denied'>> {
  const { store, clock } = deps.dialogue;
  const reply = await store.replies.get(input.organisationId, input.replyId);
  const round = reply ? await store.rounds.get(input.organisationId, reply.roundId) : null;
  const team = round ? await store.teams.get(input.organisationId, round.teamId) : null;
  if (!reply || !team || reply.deletedAt !== null || reply.questionKey === null) return fail('reply.not_found');
  if (!(await isCoordinator(deps, input.organisationId, input.personId, teamContext(team))))
    return fail('permission.denied', { role: 'coordinator' });
  const changed = await deps.reports.setHighlight(
    input.organisationId,
    reply.id,
    input.on,
    input.personId,
    clock.now(),
  );
  return ok({ changed });
}

/** A coordinator's short conclusion per standard; an empty text removes it. */
export async function writeConclusion(
  deps: ReportDeps,
  input: {
    organisationId: string;
    personId: string | null;
    subject: ReportSubject;
    period: ReportRequest['period'];
    code: string;
    text: string;
  },
): Promise<Result<{ period: string }, 'permission.denied' | 'input.invalid'>> {
  if (!(await isCoordinator(deps, input.organisationId, input.personId, subjectContext(input.subject))))
    return fail('permission.denied', { role: 'coordinator' });
  const period = await resolvePeriod(deps, input.organisationId, input.period);
  if (!period) return fail('input.invalid', { field: 'period' });
  if (input.text.length > MAX_CONCLUSION_CHARS) return fail('input.invalid', { field: 'text' });
  const framework = (await deps.reports.framework(input.organisationId)) ?? deps.defaultFramework;
  const level = input.subject.kind;
  if (!framework.standards.some((s) => s.code === input.code && s.level === level))
    return fail('input.invalid', { field: 'standard' });
  await deps.reports.setConclusion(
    input.organisationId,
    input.subject,
    period.label,
    input.code,
    input.text.trim(),
    input.personId,
    deps.dialogue.clock.now(),
  );
  return ok({ period: period.label });
}

/** What publishing needs from outside the domain: the rendered PDF and the signature. */
export interface Publisher {
  render(body: ReportBody, stamp: { version: number; publishedAt: Date }): Promise<Uint8Array>;
  sign(version: Omit<ReportVersion, 'version' | 'signature'>): string;
  sha256(data: string | Uint8Array): string;
}

/**
 * Publishes the report as it stands now: a dated, signed copy (the JSON and the PDF) that is
 * never changed. Publishing again makes the next version; earlier ones stay readable.
 */
export async function publishReport(
  deps: ReportDeps,
  publisher: Publisher,
  request: ReportRequest & { locale: string },
): Promise<Result<ReportVersion, ReportError>> {
  if (!(await isCoordinator(deps, request.organisationId, request.personId, subjectContext(request.subject))))
    return fail('permission.denied', { role: 'coordinator' });
  const built = await buildReport(deps, request);
  if (!built.ok) return built;
  const body = built.value;
  const publishedAt = deps.dialogue.clock.now();
  const last = (await deps.reports.listVersions(request.organisationId, request.subject, body.period.label))[0];
  // The stamp carries the number this version will most likely get; the stored number is authoritative.
  const pdf = await publisher.render(body, { version: (last?.version ?? 0) + 1, publishedAt });
  const json = JSON.stringify(body);
  const draft = {
    id: deps.dialogue.newId(),
    organisationId: request.organisationId,
    subject: request.subject,
    period: body.period.label,
    locale: request.locale,
    publishedAt,
    publishedBy: request.personId,
    json,
    pdf,
    jsonSha256: publisher.sha256(json),
    pdfSha256: publisher.sha256(pdf),
  };
  const version = await deps.reports.publish({ ...draft, signature: publisher.sign(draft) });
  await deps.dialogue.store.audit.record({
    organisationId: request.organisationId,
    actorPersonId: request.personId,
    action: 'report.published',
    subject: `report:${version.id}`,
    details: { period: version.period, version: version.version, pdfSha256: version.pdfSha256 },
    at: publishedAt,
  });
  return ok(version);
}

/** Replaces the organisation's framework (null: back to the default); coordinators of the organisation only. */
export async function replaceFramework(
  deps: ReportDeps,
  input: { organisationId: string; personId: string | null; framework: Framework | null },
): Promise<Result<null, 'permission.denied'>> {
  if (!(await isCoordinator(deps, input.organisationId, input.personId, { kind: 'organisation' })))
    return fail('permission.denied', { role: 'coordinator' });
  await deps.reports.setFramework(input.organisationId, input.framework, input.personId, deps.dialogue.clock.now());
  return ok(null);
}

/** Who may read a subject's report and its versions: its leaders and coordinators. */
export async function mayRead(
  deps: ReportDeps,
  organisationId: string,
  personId: string,
  subject: ReportSubject,
): Promise<boolean> {
  return holds(
    await deps.dialogue.store.people.roles(organisationId, personId),
    ['leader', 'coordinator'],
    subjectContext(subject),
  );
}
