import { authorToken, guestToken } from './dialogues/author-token.js';
import type { DialogueDeps } from './dialogues/deps.js';
import { isoWeekOf, previousWeek, weekBounds } from './dialogues/digest/iso-week.js';
import type { ActionStatus, NewAction, Aspect, Locale, Reply, Round, Team } from './dialogues/model.js';
import type { OutcomeSubject, Snapshot } from './dialogues/outcomes/model.js';
import type { Store } from './dialogues/ports.js';
import { QUESTION_KEYS, type QuestionKey } from './dialogues/questions.js';
import { DEMO_ANSWERS, DEMO_GUEST_VIEW, DEMO_METRIC_NAMES } from './demo-texts.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** About one school year of weeks before the current one. */
const WEEKS_BACK = 40;
/** ISO weeks without school: summer and Christmas holidays. */
const HOLIDAY_WEEKS = new Set([29, 30, 31, 32, 33, 34, 52, 1]);
/** The data-triggered round and its outside reviewer, this many weeks ago. */
const DATA_ROUND_WEEKS_AGO = 5;

export interface HistoryTemplate {
  id: string;
  theme: string;
  aspect: Aspect;
  metricKeys: string[];
}

export interface HistoryBoard {
  organisationId: string;
  timeZone: string;
  locale: Locale;
  coordinatorId: string;
  scheduleId: string;
  /** The weekly template first; together they cover the three aspects. */
  templates: readonly HistoryTemplate[];
  /** Per school, its teams with their members; `steady` schools follow up their actions (owner and due date). */
  schools: readonly { id: string; steady: boolean; teams: readonly { team: Team; memberIds: readonly string[] }[] }[];
}

/** What the history holds, for the log and the tests. */
export interface HistoryCounts {
  rounds: number;
  replies: number;
  actions: number;
  snapshots: number;
}

/**
 * A school year of history for the demo board: closed rounds every other week in every team
 * (answers from most members, one agreed next step each), actions in every state, outcome figures
 * over two school years (monthly absence), a round opened by a figure below its target and an
 * outside reviewer's view on it. Deterministic: a fixed-seed generator picks every choice, and
 * every date is counted back from the clock's current week, so one clock gives one story.
 * Written in a few statements (`importHistory`), so a first start stays quick.
 */
export async function seedDemoHistory(deps: DialogueDeps, tx: Store, board: HistoryBoard): Promise<HistoryCounts> {
  const random = generator(20261205);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const now = deps.clock.now();
  const { organisationId, locale } = board;
  const answers = DEMO_ANSWERS[locale];

  let week = isoWeekOf(now, board.timeZone);
  const weeks: string[] = [];
  for (let k = 0; k < WEEKS_BACK; k += 1) weeks.unshift((week = previousWeek(week)));
  const dataRoundAt = new Date(
    weekBounds(weeks[weeks.length - DATA_ROUND_WEEKS_AGO]!, board.timeZone).start.getTime() + 2 * DAY_MS + 9 * HOUR_MS,
  );
  const snapshots = await seedOutcomes(deps, tx, board, now, dataRoundAt);
  const history = {
    snapshots,
    rounds: [] as Round[],
    replies: [] as Reply[],
    actions: [] as NewAction[],
    roundSnapshots: [] as { roundId: string; snapshotId: string }[],
  };
  const teamsInOrder = board.schools.flatMap((school) => school.teams.map((entry) => ({ ...entry, school })));
  // The invitation names its round, so it is written after the rounds.
  const guestInvitationId = deps.newId();
  let guestRound: Round | null = null;
  const groupEightIndex = teamsInOrder.findIndex((entry) => snapshots.some((s) => subjectIs(s.subject, entry.team)));

  for (const [index, isoWeek] of weeks.entries()) {
    const weeksAgo = weeks.length - index;
    if (HOLIDAY_WEEKS.has(Number(isoWeek.slice(6)))) continue;
    const monday = weekBounds(isoWeek, board.timeZone).start.getTime();
    for (const [position, entry] of teamsInOrder.entries()) {
      const dataRound = weeksAgo === DATA_ROUND_WEEKS_AGO && position === groupEightIndex;
      if ((weeksAgo + position) % 2 !== 0 && !dataRound) continue;
      const template = dataRound
        ? { ...board.templates[0]!, theme: DEMO_METRIC_NAMES[locale].eindtoets_1f_lezen! }
        : board.templates[Math.floor(weeksAgo / 2) % board.templates.length]!;
      const openedAt = dataRound ? dataRoundAt : new Date(monday + 9 * HOUR_MS);
      const closesAt = new Date(openedAt.getTime() + 72 * HOUR_MS);
      const scheduled = !dataRound && template.id === board.templates[0]!.id;
      const round: Round = {
        id: deps.newId(),
        organisationId,
        teamId: entry.team.id,
        templateId: template.id,
        scheduleId: scheduled ? board.scheduleId : null,
        occurrenceAt: scheduled ? openedAt : null,
        trigger: dataRound ? 'data' : scheduled ? 'scheduled' : 'ad_hoc',
        triggeredBy: scheduled || dataRound ? null : board.coordinatorId,
        theme: template.theme,
        aspect: template.aspect,
        questions: QUESTION_KEYS.map((key) => ({ key })),
        metricKeys: template.metricKeys,
        anonymous: false,
        audience: 'team',
        shareWhileOpen: false,
        status: 'closed',
        openedAt,
        closesAt,
        remindAt: new Date(openedAt.getTime() + 24 * HOUR_MS),
        remindedAt: new Date(openedAt.getTime() + 24 * HOUR_MS),
        closedAt: closesAt,
        secondConfirmed: false,
      };
      history.rounds.push(round);
      const linked = snapshots.filter(
        (s) => round.metricKeys.includes(s.metricKey) && subjectIs(s.subject, entry.team) && s.createdAt <= openedAt,
      );
      if (linked.length > 0) history.roundSnapshots.push({ roundId: round.id, snapshotId: linked.at(-1)!.id });

      // Most members answer; at least three, so no answer is hidden as a too small group.
      const participants = entry.memberIds.filter((_, n) => n < 3 || random() < 0.7);
      let minute = 0;
      const reply = (personId: string, key: QuestionKey, text: string): Reply => {
        const stored: Reply = {
          id: deps.newId(),
          organisationId,
          roundId: round.id,
          questionKey: key,
          authorPersonId: personId,
          authorToken: authorToken(deps.tokenSecret, round.id, personId),
          text,
          source: 'web',
          platform: 'web',
          platformMessageId: null,
          createdAt: new Date(openedAt.getTime() + 2 * HOUR_MS + (minute += 7) * 60_000),
          editedAt: null,
          deletedAt: null,
        };
        history.replies.push(stored);
        return stored;
      };
      for (const [n, personId] of participants.entries()) {
        for (const key of QUESTION_KEYS) {
          // One next step per round, agreed by the team; the outside view from some, not all.
          if (key === 'next_steps' && n > 0) continue;
          if (key === 'outside_view' && n > 0 && random() < 0.6) continue;
          if (key !== 'next_steps' && key !== 'outside_view' && random() < 0.1) continue;
          const stored = reply(personId, key, pick(answers[key]));
          if (key === 'next_steps')
            history.actions.push(demoAction(deps, round, stored, entry.school.steady, weeksAgo, personId, now));
        }
      }
      if (dataRound) {
        const trigger = snapshots.find((s) => s.triggeredAt !== null);
        if (trigger) history.roundSnapshots.push({ roundId: round.id, snapshotId: trigger.id });
        guestRound = round;
        history.replies.push(guestView(deps, board, round, guestInvitationId));
      }
    }
  }
  await tx.history.importHistory(organisationId, history);
  if (guestRound) await inviteGuest(tx, board, guestRound, guestInvitationId);
  return {
    rounds: history.rounds.length,
    replies: history.replies.length,
    actions: history.actions.length,
    snapshots: snapshots.length,
  };
}

/**
 * The action a round's next step became. Steady schools give it an owner and a due date and
 * mostly finish it; the others leave it unowned. The age decides the state, so the list holds
 * finished, dropped, running, open and overdue actions.
 */
function demoAction(
  deps: DialogueDeps,
  round: Round,
  reply: Reply,
  steady: boolean,
  weeksAgo: number,
  ownerId: string,
  now: Date,
): NewAction {
  const status: ActionStatus =
    weeksAgo > 14
      ? weeksAgo % 5 === 0
        ? 'dropped'
        : steady || weeksAgo % 3 === 0
          ? 'done'
          : 'open'
      : weeksAgo > 6
        ? weeksAgo % 2 === 0 && steady
          ? 'done'
          : 'in_progress'
        : weeksAgo % 2 === 0
          ? 'in_progress'
          : 'open';
  const due = new Date(round.closesAt.getTime() + (weeksAgo === 4 ? 14 : 6 * 7) * DAY_MS);
  const dueOn = steady ? due.toISOString().slice(0, 10) : null;
  // An overdue action has had its reminder: the first tick of a fresh demo sends no pile of them.
  const overdue = dueOn !== null && due < now && (status === 'open' || status === 'in_progress');
  return {
    id: deps.newId(),
    organisationId: round.organisationId,
    teamId: round.teamId,
    roundId: round.id,
    replyId: reply.id,
    title: reply.text,
    ownerPersonId: steady ? ownerId : null,
    dueOn,
    status,
    createdAt: reply.createdAt,
    updatedAt: new Date(Math.min(now.getTime(), round.closesAt.getTime() + 21 * DAY_MS)),
    remindedAt: overdue ? new Date(due.getTime() + DAY_MS) : null,
  };
}

/** The parents' council was invited to the data-triggered round the day after it closed. */
async function inviteGuest(tx: Store, board: HistoryBoard, round: Round, invitationId: string): Promise<void> {
  const at = new Date(round.closesAt.getTime() + DAY_MS);
  await tx.guests.create({
    id: invitationId,
    organisationId: board.organisationId,
    roundId: round.id,
    name: DEMO_GUEST_VIEW[board.locale].name,
    invitedBy: board.coordinatorId,
    createdAt: at,
    expiresAt: new Date(at.getTime() + 14 * DAY_MS),
    revokedAt: null,
    lastUsedAt: new Date(at.getTime() + 2 * HOUR_MS),
  });
  await tx.guests.claimViewSlot(board.organisationId, invitationId, 5);
}

/** The view the parents' council added to question 4. */
function guestView(deps: DialogueDeps, board: HistoryBoard, round: Round, invitationId: string): Reply {
  const at = new Date(round.closesAt.getTime() + DAY_MS);
  return {
    id: deps.newId(),
    organisationId: board.organisationId,
    roundId: round.id,
    questionKey: 'outside_view',
    authorPersonId: null,
    authorToken: guestToken(deps.tokenSecret, round.id, invitationId),
    text: DEMO_GUEST_VIEW[board.locale].text,
    source: 'guest',
    platform: null,
    platformMessageId: null,
    createdAt: new Date(at.getTime() + 2 * HOUR_MS),
    editedAt: null,
    deletedAt: null,
  };
}

/**
 * Two school years of figures: the final tests in group 8 per year, parent satisfaction per
 * school per year, and unauthorised absence per month in the youngest groups. The steady school
 * moves toward its targets; the other school's absence creeps up.
 */
async function seedOutcomes(
  deps: DialogueDeps,
  tx: Store,
  board: HistoryBoard,
  now: Date,
  dataRoundAt: Date,
): Promise<Snapshot[]> {
  const { organisationId, locale } = board;
  const names = DEMO_METRIC_NAMES[locale];
  const metrics = [
    { key: 'eindtoets_1f_lezen', unit: '%', higherIsBetter: true, target: 95, triggersRound: true },
    { key: 'eindtoets_1f_rekenen', unit: '%', higherIsBetter: true, target: 90, triggersRound: false },
    { key: 'verzuim', unit: '%', higherIsBetter: false, target: 4, triggersRound: false },
    { key: 'tevredenheid_ouders', unit: '', higherIsBetter: true, target: 7.5, triggersRound: false },
  ];
  for (const metric of metrics)
    await tx.metrics.upsert({
      id: deps.newId(),
      organisationId,
      name: names[metric.key]!,
      ...metric,
      createdAt: now,
      updatedAt: now,
    });
  const year = now.getUTCFullYear() - (now.getUTCMonth() < 7 ? 1 : 0);
  const [older, last] = [`${year - 2}-${year - 1}`, `${year - 1}-${year}`];
  const [steady, other] = board.schools;
  const groupEight = steady?.teams.at(-1)?.team;
  const upper = other?.teams.at(-1)?.team;
  const youngest = [steady?.teams[0]?.team, other?.teams[0]?.team];
  const rows: { key: string; subject: OutcomeSubject; period: string; value: number; groupSize: number }[] = [];
  const yearly = (key: string, subject: OutcomeSubject, values: [number, number], groupSize: number) => {
    rows.push({ key, subject, period: older, value: values[0], groupSize });
    rows.push({ key, subject, period: last, value: values[1], groupSize: groupSize + 2 });
  };
  if (groupEight) {
    yearly('eindtoets_1f_lezen', { kind: 'team', teamId: groupEight.id }, [88, 92], 27);
    yearly('eindtoets_1f_rekenen', { kind: 'team', teamId: groupEight.id }, [89.5, 91], 27);
  }
  if (upper) {
    yearly('eindtoets_1f_lezen', { kind: 'team', teamId: upper.id }, [96, 97], 30);
    yearly('eindtoets_1f_rekenen', { kind: 'team', teamId: upper.id }, [92, 90.5], 30);
  }
  if (steady) yearly('tevredenheid_ouders', { kind: 'school', schoolId: steady.id }, [7.6, 7.9], 112);
  if (other) yearly('tevredenheid_ouders', { kind: 'school', schoolId: other.id }, [7.4, 7.2], 96);
  for (const [n, team] of youngest.entries()) {
    if (!team) continue;
    for (let month = 24; month >= 1; month -= 1) {
      const period = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - month, 1)).toISOString().slice(0, 7);
      // The steady school's absence falls from 5.4 % to under the target; the other's creeps up.
      const value = n === 0 ? 5.4 - (24 - month) * 0.07 : 3.6 + (24 - month) * 0.05 + (month % 3) * 0.2;
      rows.push({
        key: 'verzuim',
        subject: { kind: 'team', teamId: team.id },
        period,
        value: round1(value),
        groupSize: 54,
      });
    }
  }
  return rows
    .map((row): Snapshot => {
      // The group-8 reading figure of last year missed its target and opened the data round.
      const triggers =
        row.key === 'eindtoets_1f_lezen' &&
        row.period === last &&
        groupEight !== undefined &&
        subjectIs(row.subject, groupEight);
      const createdAt = triggers
        ? new Date(dataRoundAt.getTime() - HOUR_MS)
        : row.period === last
          ? new Date(dataRoundAt.getTime() - 7 * DAY_MS)
          : row.period === older
            ? new Date(dataRoundAt.getTime() - 52 * 7 * DAY_MS)
            : new Date(`${row.period}-28T12:00:00Z`);
      return {
        id: deps.newId(),
        organisationId,
        metricKey: row.key,
        subject: row.subject,
        period: row.period,
        value: row.value,
        target: null,
        groupSize: row.groupSize,
        source: 'demo',
        createdAt,
        updatedAt: createdAt,
        triggeredAt: triggers ? dataRoundAt : null,
      };
    })
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

function subjectIs(subject: OutcomeSubject, team: Team): boolean {
  return subject.kind === 'team' && subject.teamId === team.id;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** mulberry32: a tiny seeded generator, so the demo is the same on every fresh start. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
