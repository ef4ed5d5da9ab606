import { authorize, teamContext } from './access.js';
import { answerSettings, visibilityOf } from './answer-visibility.js';
import type { DialogueDeps } from './deps.js';
import { AD_HOC_REMIND_AFTER_HOURS, AD_HOC_WINDOW_HOURS, MAX_TITLE_CHARS } from './limits.js';
import type { ActionLine, PromptMessage } from './messages.js';
import type { Round, RoundTrigger, Schedule, Team, Template } from './model.js';
import type { Delivery, Store } from './ports.js';
import { QUESTION_KEYS } from './questions.js';
import { fail, ok, type Result } from './result.js';

const HOUR = 3_600_000;

export interface OpenRoundInput {
  organisationId: string;
  teamId: string;
  trigger: RoundTrigger;
  /**
   * The person who started an ad-hoc round: they must be allowed to trigger one in the team
   * (a coordinator of the team, its school or the organisation). Null for scheduled and
   * data-triggered rounds and for the CLI, which act for the organisation itself.
   */
  triggeredBy: string | null;
  template: Template | null;
  /** Overrides the template's theme (ad-hoc "ronde begrijpend lezen"). */
  theme?: string;
  scheduleId?: string;
  /** The schedule's overrides of the template's answer visibility. */
  schedule?: Pick<Schedule, 'visibility' | 'shareWhileOpen'> & Partial<Pick<Schedule, 'windowHours'>>;
  occurrenceAt?: Date;
  /** When the round counts as opened; defaults to now. A late scheduled round keeps its occurrence as start. */
  openedAt?: Date;
  /**
   * An ad-hoc round in a team that already has an open round needs the coordinator's explicit
   * yes ("ronde toch …"): two open rounds split a team's answers, and a double click must not
   * open two.
   */
  secondConfirmed?: boolean;
  /** Overrides the template's outcome metrics (a data-triggered round names the metric that missed its target). */
  metricKeys?: string[];
}

export interface OpenedRound {
  round: Round;
  team: Team;
  /** false: this scheduled occurrence already had a round (another process made it). */
  created: boolean;
  deliveries: number;
}

/**
 * Opens a round in a team: stores it and one prompt delivery per bound channel, in one
 * transaction. The delivery worker posts the prompts afterwards. A refusal (no permission, no
 * channel, a round already open, …) changes nothing.
 */
export async function openRound(deps: DialogueDeps, input: OpenRoundInput): Promise<Result<OpenedRound>> {
  const { store, clock } = deps;
  const team = await store.teams.get(input.organisationId, input.teamId);
  if (!team) return fail('team.not_found', { team: input.teamId });
  if (input.triggeredBy !== null) {
    const allowed = await authorize(store, input.organisationId, input.triggeredBy, 'trigger', teamContext(team));
    if (!allowed.ok) return allowed;
  }
  const theme = (input.theme ?? input.template?.theme ?? '').trim();
  if (theme.length > MAX_TITLE_CHARS) return fail('input.invalid', { field: 'theme', max: MAX_TITLE_CHARS });
  const bindings = await store.bindings.listByTeam(input.organisationId, team.id);
  if (bindings.length === 0) return fail('round.no_channels', { team: team.name });
  const [open] = await store.rounds.list(input.organisationId, { teamId: team.id, status: 'open', limit: 1 });
  if (open && input.trigger === 'ad_hoc' && !input.secondConfirmed) return alreadyOpen(team, open);

  const openedAt = input.openedAt ?? clock.now();
  const start = input.occurrenceAt ?? openedAt;
  const template = input.template;
  const windowHours = input.schedule?.windowHours ?? template?.responseWindowHours ?? AD_HOC_WINDOW_HOURS;
  const remindAfter = template ? template.remindAfterHours : AD_HOC_REMIND_AFTER_HOURS;
  const settings = answerSettings(template, input.schedule ?? null);
  const round: Round = {
    id: deps.newId(),
    organisationId: input.organisationId,
    teamId: team.id,
    templateId: template?.id ?? null,
    scheduleId: input.scheduleId ?? null,
    occurrenceAt: input.occurrenceAt ?? null,
    trigger: input.trigger,
    triggeredBy: input.triggeredBy,
    theme,
    aspect: template?.aspect ?? 'kwaliteitszorg',
    questions: template?.questions.map((q) => ({ ...q })) ?? QUESTION_KEYS.map((key) => ({ key })),
    metricKeys: input.metricKeys ?? template?.metricKeys ?? [],
    anonymous: settings.anonymous,
    audience: settings.audience,
    shareWhileOpen: settings.shareWhileOpen,
    status: 'open',
    openedAt,
    closesAt: new Date(start.getTime() + windowHours * HOUR),
    remindAt: remindAfter === null ? null : new Date(start.getTime() + remindAfter * HOUR),
    remindedAt: null,
    closedAt: null,
    // A round opened beside an open one is a second (confirmed, or planned); the first holds the
    // team's one open slot, which the database keeps unique.
    secondConfirmed: open !== undefined,
  };

  // Defined after the checks above so TypeScript keeps `team` known to be there.
  const insert =
    (round: Round) =>
    async (tx: Store): Promise<Round | null> => {
      if (!(await tx.rounds.create(round))) return null;
      const outcomes = deps.outcomes ? await deps.outcomes.figuresForRound(tx, round) : [];
      const message: PromptMessage = {
        kind: 'round.prompt',
        roundId: round.id,
        teamName: team.name,
        theme: round.theme,
        aspect: round.aspect,
        questions: round.questions,
        anonymous: round.anonymous,
        visibility: visibilityOf(round),
        shareWhileOpen: round.shareWhileOpen,
        closesAt: round.closesAt.toISOString(),
        outcomes,
        openActions: await openActionLines(tx, team),
      };
      const locale = (await tx.organisations.get(round.organisationId))?.locale ?? 'nl';
      for (const binding of bindings) {
        await tx.deliveries.enqueue(
          newDelivery(deps, {
            organisationId: round.organisationId,
            dedupeKey: promptKey(round.id, binding.id),
            roundId: round.id,
            purpose: 'prompt',
            target: { kind: 'channel', bindingId: binding.id },
            message,
            locale,
            threadOf: null,
          }),
        );
      }
      if (input.trigger === 'ad_hoc') {
        await tx.audit.record({
          organisationId: round.organisationId,
          actorPersonId: input.triggeredBy,
          action: 'round.opened',
          subject: `round:${round.id}`,
          details: { teamId: team.id, theme },
          at: openedAt,
        });
      }
      return round;
    };

  let opened = await store.transaction(insert(round));
  if (!opened && !round.secondConfirmed && !(await sameOccurrence(store, round))) {
    // Not this occurrence made twice: another process opened a round in the team since we looked.
    const [now] = await store.rounds.list(input.organisationId, { teamId: team.id, status: 'open', limit: 1 });
    if (input.trigger === 'ad_hoc' && !input.secondConfirmed) return alreadyOpen(team, now ?? round);
    // A confirmed second or a planned round still opens, beside the other one.
    round.secondConfirmed = true;
    opened = await store.transaction(insert(round));
  }

  if (!opened) {
    return ok({ round: (await sameOccurrence(store, round)) ?? round, team, created: false, deliveries: 0 });
  }
  deps.onEnqueued?.();
  deps.log.info(
    { roundId: round.id, teamId: team.id, trigger: round.trigger, channels: bindings.length },
    'round opened',
  );
  return ok({ round: opened, team, created: true, deliveries: bindings.length });
}

/** The round a scheduled occurrence already has (another process opened it), if any. */
async function sameOccurrence(store: Store, round: Round): Promise<Round | undefined> {
  if (round.scheduleId === null || round.occurrenceAt === null) return undefined;
  const existing = await store.rounds.list(round.organisationId, { teamId: round.teamId });
  return existing.find(
    (r) => r.scheduleId === round.scheduleId && r.occurrenceAt?.getTime() === round.occurrenceAt?.getTime(),
  );
}

function alreadyOpen(team: Team, open: Round): Result<never> {
  return fail('round.already_open', { team: team.name, theme: open.theme || team.name, roundId: open.id });
}

export function promptKey(roundId: string, bindingId: string): string {
  return `round:${roundId}:prompt:${bindingId}`;
}

async function openActionLines(store: Store, team: Team): Promise<ActionLine[]> {
  const actions = await store.actions.listByTeam(team.organisationId, team.id, ['open', 'in_progress']);
  const lines: ActionLine[] = [];
  for (const action of actions) {
    const owner = action.ownerPersonId ? await store.people.get(team.organisationId, action.ownerPersonId) : null;
    lines.push({
      id: action.id,
      number: action.number,
      title: action.title,
      status: action.status,
      dueOn: action.dueOn,
      ownerName: owner?.displayName ?? null,
    });
  }
  return lines;
}

type NewDelivery = Pick<
  Delivery,
  'organisationId' | 'dedupeKey' | 'roundId' | 'purpose' | 'target' | 'message' | 'locale' | 'threadOf'
>;

/** A delivery row ready to enqueue: pending, due now. */
export function newDelivery(deps: Pick<DialogueDeps, 'newId' | 'clock'>, fields: NewDelivery): Delivery {
  const now = deps.clock.now();
  return {
    ...fields,
    id: deps.newId(),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    lastError: null,
    postedRef: null,
    createdAt: now,
    sentAt: null,
  };
}
