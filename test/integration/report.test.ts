import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { guestToken } from '../../src/dialogues/author-token.js';
import { updateAction, type ActionChange } from '../../src/dialogues/actions/update-action.js';
import { buildReport, type ReportDeps } from '../../src/dialogues/report/build-report.js';
import {
  markHighlight,
  publishReport,
  replaceFramework,
  writeConclusion,
} from '../../src/dialogues/report/curate-report.js';
import type { ReportBody } from '../../src/dialogues/report/report-body.js';
import { defaultFramework } from '../../src/report/framework-file.js';
import { reportKey, sha256, signVersion, verifyVersion } from '../../src/report/report-signature.js';
import { createReportPorts } from '../../src/store/report-ports.js';
import { anAction, testDeps } from '../support/builders.js';
import { forEachStore } from '../support/db.js';
import { IN_WEEK, seedDigestBoard } from '../support/digest-board.js';
import { memoryReportPorts } from '../support/memory-report.js';
import { movableClock } from '../support/world.js';

const YEAR = { year: '2026-2027' };

forEachStore('school-year report', (t) => {
  const setup = async () => {
    const board = await seedDigestBoard(t.store);
    const clock = movableClock('2026-11-25T10:00:00Z');
    const dialogue = testDeps(t.store, clock);
    const ports = t.db ? createReportPorts(t.db) : memoryReportPorts(t.store);
    const deps: ReportDeps = {
      dialogue,
      reads: ports.reads,
      reports: ports.reports,
      defaultFramework: defaultFramework(),
    };
    const rounds = await t.store.rounds.list(board.organisationId);
    const r7 = rounds.find((r) => r.teamId === board.groep7.id);
    if (!r7) throw new Error('no round for Groep 7');
    const invitation = {
      id: randomUUID(),
      organisationId: board.organisationId,
      roundId: r7.id,
      name: 'MR De Linde',
      invitedBy: board.coordinator.id,
      createdAt: IN_WEEK,
      expiresAt: new Date('2026-12-31T00:00:00Z'),
      revokedAt: null,
      lastUsedAt: null,
    };
    await t.store.guests.create(invitation);
    await t.store.replies.insert({
      id: randomUUID(),
      organisationId: board.organisationId,
      roundId: r7.id,
      questionKey: 'outside_view',
      authorPersonId: null,
      authorToken: guestToken(dialogue.tokenSecret, r7.id, invitation.id),
      text: 'Wij zien dat de leesmotivatie groeit.',
      source: 'guest',
      platform: null,
      platformMessageId: null,
      createdAt: new Date(IN_WEEK.getTime() + 3_600_000),
      editedAt: null,
      deletedAt: null,
    });
    const school = { kind: 'school' as const, schoolId: board.schoolA.id };
    const report = async (personId: string | null, subject: Parameters<typeof buildReport>[1]['subject'] = school) =>
      buildReport(deps, { organisationId: board.organisationId, personId, subject, period: YEAR, minGroupSize: 3 });
    const body = async (
      personId: string | null,
      subject?: Parameters<typeof buildReport>[1]['subject'],
    ): Promise<ReportBody> => {
      const result = await report(personId, subject);
      if (!result.ok) throw new Error(result.code);
      return result.value;
    };
    return { board, deps, clock, r7, school, report, body };
  };

  it('shows figures against targets over the years, the dialogue and the actions of one school, small groups held back', async () => {
    const { board, body } = await setup();
    const report = await body(board.schoolLeaderA.id);
    expect(report).toMatchObject({
      kind: 'school',
      subjectName: 'De Linde',
      period: { label: '2026-2027', from: '2026-08-01', to: '2027-07-31' },
    });
    const linde = report.outcomes.find((o) => o.subjectName === 'De Linde');
    expect(linde).toMatchObject({
      series: [
        { period: '2024-2025', value: 88 },
        { period: '2025-2026', value: 91 },
      ],
      target: 95,
      change: 3,
      trend: 'up',
      meetsTarget: false,
    });
    // Groep 8's figure is about two pupils: its place stays, its value does not.
    expect(report.outcomes.find((o) => o.subjectName === 'Groep 8')?.series).toEqual([
      { period: '2025-2026', value: null },
    ]);
    expect(report.outcomes.some((o) => o.subjectName === 'Het Anker')).toBe(false);

    expect(report.dialogue.rounds).toBe(2);
    const team = (name: string) => report.dialogue.teams.find((x) => x.teamName === name);
    expect(team('Groep 7')).toMatchObject({
      rounds: 1,
      members: 4,
      participants: 3,
      participation: 75,
      smallGroup: false,
    });
    expect(team('Groep 8')).toMatchObject({ rounds: 1, participants: null, participation: null, smallGroup: true });
    expect(team('Groep 3')).toMatchObject({ rounds: 0, participation: null });
    expect(Object.fromEntries(report.dialogue.questions.map((q) => [q.key, q.answers]))).toEqual({
      right_things: 5,
      done_well: 3,
      evidence: 3,
      outside_view: 5,
      next_steps: 3,
    });

    expect(report.actions.map((a) => [a.title, a.ownerName, a.status]).sort()).toEqual([
      ['Leesmonitor invoeren', 'Anna Aalders', 'open'],
      ['Ouderavond plannen', null, 'open'],
      ['Toetskalender delen', 'Bas Bakker', 'done'],
    ]);
    expect(report.actions.find((a) => a.title === 'Leesmonitor invoeren')?.aimedAt).toEqual([
      {
        metricKey: 'eindtoets_1f_lezen',
        name: 'Eindtoets 1F lezen',
        subjectName: 'De Linde',
        before: { period: '2024-2025', value: 88 },
        after: { period: '2025-2026', value: 91 },
        moved: 'toward',
      },
    ]);
    // The seeded guest answer has no invitation behind it: it is shown without a name.
    expect(report.outsideViews).toEqual([
      {
        guestName: '',
        teamName: 'Groep 7',
        roundTheme: 'begrijpend lezen',
        on: '2026-11-17',
        text: 'De buurschool ziet dat het leesplan werkt.',
      },
      {
        guestName: 'MR De Linde',
        teamName: 'Groep 7',
        roundTheme: 'begrijpend lezen',
        on: '2026-11-17',
        text: 'Wij zien dat de leesmotivatie groeit.',
      },
    ]);
    expect(report.aspects).toEqual([
      { aspect: 'leiderschap', rounds: 0, teams: 0 },
      { aspect: 'hrm', rounds: 0, teams: 0 },
      { aspect: 'kwaliteitszorg', rounds: 2, teams: 2 },
    ]);
    expect(report.phases.map((p) => p.schoolName)).toEqual(['De Linde']);
    expect(report.phases[0]?.track.map((p) => p.on)).toEqual(['2026-10-31', '2026-11-25']);
  });

  it('maps the evidence to SKA1–3 and names what is missing; coordinators choose quotes and write conclusions', async () => {
    const { board, deps, r7, school, body } = await setup();
    const replies = await t.store.replies.listByRound(board.organisationId, r7.id);
    const evidence = replies.find((r) => r.questionKey === 'evidence' && r.text.includes('Bas'));
    const r8 = (await t.store.rounds.list(board.organisationId)).find((r) => r.teamId === board.groep8.id);
    const eva = (await t.store.replies.listByRound(board.organisationId, r8?.id ?? ''))[0];
    const mark = (personId: string, replyId: string) =>
      markHighlight(deps, { organisationId: board.organisationId, personId, replyId, on: true });
    expect(await mark(board.teacher.id, evidence?.id ?? '')).toMatchObject({ ok: false, code: 'permission.denied' });
    expect(await mark(board.coordinator.id, 'nope')).toMatchObject({ ok: false, code: 'reply.not_found' });
    expect(await mark(board.coordinator.id, evidence?.id ?? '')).toEqual({ ok: true, value: { changed: true } });
    expect(await mark(board.coordinator.id, evidence?.id ?? '')).toEqual({ ok: true, value: { changed: false } });
    expect(await mark(board.coordinator.id, eva?.id ?? '')).toMatchObject({ ok: true });
    expect(
      await writeConclusion(deps, {
        organisationId: board.organisationId,
        personId: board.schoolLeaderA.id,
        subject: school,
        period: YEAR,
        code: 'SKA1',
        text: 'x',
      }),
    ).toMatchObject({ ok: false, code: 'permission.denied' });
    expect(
      await writeConclusion(deps, {
        organisationId: board.organisationId,
        personId: board.coordinator.id,
        subject: school,
        period: YEAR,
        code: 'BKA1',
        text: 'x',
      }),
    ).toMatchObject({ ok: false, code: 'input.invalid' });
    expect(
      await writeConclusion(deps, {
        organisationId: board.organisationId,
        personId: board.coordinator.id,
        subject: school,
        period: YEAR,
        code: 'SKA1',
        text: 'De doelen staan; het aspect HRM krijgt volgend jaar een ronde.',
      }),
    ).toEqual({ ok: true, value: { period: '2026-2027' } });

    const report = await body(board.schoolLeaderA.id);
    const quoted = report.dialogue.questions.flatMap((q) => q.excerpts.map((e) => [q.key, e.text, e.teamName]));
    // Groep 8 had two participants: its quote is shown without its team; no quote names its author.
    expect(quoted).toEqual([
      ['right_things', 'Alleen wij tweeën vinden het rekenen te snel gaan.', null],
      ['evidence', 'evidence volgens Bas Bakker', 'Groep 7'],
    ]);
    expect(JSON.stringify(report.dialogue.questions)).not.toContain('Eva Evers');
    expect(report.standards.map((s) => s.code)).toEqual(['SKA1', 'SKA2', 'SKA3']);
    const ska1 = report.standards[0];
    expect(ska1?.conclusion).toBe('De doelen staan; het aspect HRM krijgt volgend jaar een ronde.');
    expect(ska1?.evidence.map((e) => [e.key, e.met])).toEqual([
      ['targets_set', true],
      ['aspects_covered', false],
      ['all_questions', true],
    ]);
    expect(ska1?.missing).toEqual(['aspects_covered']);
    const ska3 = report.standards[2];
    expect(ska3?.evidence.find((e) => e.key === 'outside_views')).toEqual({
      key: 'outside_views',
      met: true,
      params: { count: 2 },
    });
    expect(ska3?.evidence.find((e) => e.key === 'highlights')).toEqual({
      key: 'highlights',
      met: true,
      params: { count: 2 },
    });
  });

  it('tells per quarter of a past year what was decided and done, with the actions as they stood then', async () => {
    const { board, deps, clock, school } = await setup();
    const { organisationId } = board;
    const made = async (title: string, at: string) => {
      const action = anAction(organisationId, board.groep7.id, {
        title,
        dueOn: null,
        createdAt: new Date(at),
        updatedAt: new Date(at),
      });
      await t.store.actions.create(action);
      return action.id;
    };
    const change = async (actionId: string, at: string, change: ActionChange) => {
      clock.set(at);
      expect(
        await updateAction(deps.dialogue, { organisationId, actorPersonId: null, actionId, change }),
      ).toMatchObject({
        ok: true,
      });
    };
    // 2025-2026: A made in the first quarter, given an owner and a date, done in the second; B made in
    // the second, dropped in the third; C made in the third, overdue from March, done only after the year.
    const a = await made('Leesplan schrijven', '2025-09-10T10:00:00Z');
    await change(a, '2025-09-20T10:00:00Z', { ownerPersonId: board.coordinator.id, dueOn: '2025-12-01' });
    const b = await made('Rekenwerkgroep starten', '2025-11-05T10:00:00Z');
    await change(a, '2025-12-10T10:00:00Z', { status: 'done' });
    const c = await made('Oudergesprekken evalueren', '2026-02-10T10:00:00Z');
    await change(c, '2026-02-11T10:00:00Z', { dueOn: '2026-03-01' });
    await change(b, '2026-03-01T10:00:00Z', { status: 'dropped' });
    await change(c, '2026-09-15T10:00:00Z', { status: 'done' });
    clock.set('2026-11-25T10:00:00Z');

    const result = await buildReport(deps, {
      organisationId,
      personId: board.coordinator.id,
      subject: school,
      period: { year: '2025-2026' },
      minGroupSize: 3,
    });
    if (!result.ok) throw new Error(result.code);
    const item = (title: string) => ({ title, teamName: 'Groep 7', schoolName: 'De Linde' });
    expect(result.value.actionQuarters).toEqual([
      {
        from: '2025-08-01',
        to: '2025-10-31',
        decided: [item('Leesplan schrijven')],
        done: [],
        dropped: 0,
        open: 1,
        overdue: 0,
        followed: 1,
      },
      {
        from: '2025-11-01',
        to: '2026-01-31',
        decided: [item('Rekenwerkgroep starten')],
        done: [item('Leesplan schrijven')],
        dropped: 0,
        open: 1,
        overdue: 0,
        followed: 0,
      },
      {
        from: '2026-02-01',
        to: '2026-04-30',
        decided: [item('Oudergesprekken evalueren')],
        done: [],
        dropped: 1,
        open: 1,
        overdue: 1,
        followed: 0,
      },
      { from: '2026-05-01', to: '2026-07-31', decided: [], done: [], dropped: 0, open: 1, overdue: 1, followed: 0 },
    ]);
    // The year's action list shows each action as it stood on 31 July: C was still open then.
    expect(result.value.actions.map((x) => [x.title, x.status, x.dueOn])).toEqual([
      ['Leesplan schrijven', 'done', '2025-12-01'],
      ['Rekenwerkgroep starten', 'dropped', null],
      ['Oudergesprekken evalueren', 'open', '2026-03-01'],
    ]);
    const closed = result.value.standards.flatMap((s) => s.evidence).find((e) => e.key === 'actions_closed');
    expect(closed?.params).toMatchObject({ count: 1, total: 3 });
    // Each quarter's phase counts only the actions made by then: none before September 2025.
    expect(result.value.phases[0]?.track.map((p) => p.on)).toEqual([
      '2025-10-31',
      '2026-01-31',
      '2026-04-30',
      '2026-07-31',
    ]);
  });

  it('lets only leaders and coordinators of the school or board read it, and maps the board to BKA1–3', async () => {
    const { board, report, body } = await setup();
    expect(await report(board.teacher.id)).toMatchObject({ ok: false, code: 'permission.denied' });
    expect(await report(board.schoolLeaderA.id, { kind: 'school', schoolId: board.schoolB.id })).toMatchObject({
      ok: false,
      code: 'permission.denied',
    });
    expect(await report(board.schoolLeaderA.id, { kind: 'board' })).toMatchObject({
      ok: false,
      code: 'permission.denied',
    });
    expect(await report(board.boardLeader.id, { kind: 'school', schoolId: 'elsewhere' })).toMatchObject({
      ok: false,
      code: 'school.not_found',
    });
    const boardReport = await body(board.boardLeader.id, { kind: 'board' });
    expect(boardReport).toMatchObject({ kind: 'board', subjectName: 'Stichting Test', schoolId: null });
    expect(boardReport.standards.map((s) => s.code)).toEqual(['BKA1', 'BKA2', 'BKA3']);
    expect(boardReport.phases.map((p) => p.schoolName)).toEqual(['De Linde', 'Het Anker']);
    expect(boardReport.dialogue.rounds).toBe(3);
    expect(await body(null, { kind: 'board' })).toMatchObject({ kind: 'board' });
  });

  it('publishes signed, numbered versions that stay as they were; an organisation may replace the framework', async () => {
    const { board, deps, school, body } = await setup();
    const key = reportKey(deps.dialogue.tokenSecret);
    const publisher = {
      render: async (b: ReportBody) =>
        new TextEncoder().encode(`%PDF ${b.subjectName} ${b.standards.map((s) => s.conclusion).join('|')}`),
      sign: (v: Parameters<typeof signVersion>[1]) => signVersion(key, v),
      sha256,
    };
    const publish = (personId: string) =>
      publishReport(deps, publisher, {
        organisationId: board.organisationId,
        personId,
        subject: school,
        period: YEAR,
        minGroupSize: 3,
        locale: 'nl',
      });
    expect(await publish(board.schoolLeaderA.id)).toMatchObject({ ok: false, code: 'permission.denied' });
    const first = await publish(board.coordinator.id);
    await writeConclusion(deps, {
      organisationId: board.organisationId,
      personId: board.coordinator.id,
      subject: school,
      period: YEAR,
      code: 'SKA2',
      text: 'Het ritme staat.',
    });
    const second = await publish(board.coordinator.id);
    if (!first.ok || !second.ok) throw new Error('publish failed');
    expect([first.value.version, second.value.version]).toEqual([1, 2]);
    const listed = await deps.reports.listVersions(board.organisationId, school, '2026-2027');
    expect(listed.map((v) => v.version)).toEqual([2, 1]);
    const stored = await deps.reports.getVersion(board.organisationId, first.value.id);
    if (!stored) throw new Error('version not stored');
    expect(verifyVersion(key, stored)).toBe(true);
    expect((JSON.parse(stored.json) as ReportBody).standards[1]?.conclusion).toBeNull();
    expect(verifyVersion(key, { ...stored, json: stored.json.replace('De Linde', 'De Eik') })).toBe(false);
    expect(verifyVersion(key, { ...stored, period: '2027-2028' })).toBe(false);
    expect(verifyVersion(reportKey('another-secret-another-secret-another'), stored)).toBe(false);
    expect(await deps.reports.findVersionByPdf(board.organisationId, stored.pdfSha256)).toMatchObject({
      id: stored.id,
      version: 1,
    });
    if (t.db) {
      await expect(sql`update report_versions set json = '{}' where id = ${stored.id}`.execute(t.db)).rejects.toThrow(
        /cannot be changed/,
      );
      await expect(
        sql`update report_versions set published_by = ${board.teacher.id} where id = ${stored.id}`.execute(t.db),
      ).rejects.toThrow(/cannot be changed/);
      const again = await deps.reports.getVersion(board.organisationId, first.value.id);
      expect(again?.json).toBe(stored.json);
      // Erasing the publisher clears the reference only.
      await sql`update report_versions set published_by = null where id = ${stored.id}`.execute(t.db);
    }

    const own = {
      id: 'curacao-2024',
      name: { nl: 'Toezichtkader Curaçao' },
      standards: [
        {
          code: 'K1',
          level: 'school' as const,
          name: { nl: 'Kwaliteitszorg' },
          description: { nl: 'De school bewaakt haar kwaliteit.' },
          evidence: ['rounds_held' as const, 'outside_views' as const],
        },
      ],
    };
    expect(
      await replaceFramework(deps, {
        organisationId: board.organisationId,
        personId: board.schoolLeaderA.id,
        framework: own,
      }),
    ).toMatchObject({ ok: false });
    expect(
      await replaceFramework(deps, {
        organisationId: board.organisationId,
        personId: board.coordinator.id,
        framework: own,
      }),
    ).toEqual({ ok: true, value: null });
    const curacao = await body(board.coordinator.id);
    expect(curacao.framework.id).toBe('curacao-2024');
    expect(curacao.standards.map((s) => [s.code, s.missing])).toEqual([['K1', []]]);
    await replaceFramework(deps, {
      organisationId: board.organisationId,
      personId: board.coordinator.id,
      framework: null,
    });
    expect((await body(board.coordinator.id)).standards.map((s) => s.code)).toEqual(['SKA1', 'SKA2', 'SKA3']);
  });
});
