import { emptyDigestBody } from '../../src/dialogues/digest/digest-body.js';
import type { Person, Round, Template } from '../../src/dialogues/model.js';
import { newDelivery, openRound } from '../../src/dialogues/open-round.js';
import { grantRole } from '../../src/dialogues/people.js';
import type { Store } from '../../src/dialogues/ports.js';
import { recordAnswers, recordThreadReply } from '../../src/dialogues/record-reply.js';
import { closeRound } from '../../src/dialogues/round-lifecycle.js';
import { buildWorld, movableClock, type World } from './world.js';

/** Texts that say whose they are, so a test can search any dump for them. */
export const MO = {
  name: 'Mo Jansen',
  named: 'Mo: de methodetoetsen laten groei zien bij rekenen',
  action: 'Mo: elke vrijdag een rekenkring met groep 7 houden',
  remark: 'Mo: fijn dat we hier samen naar kijken',
  anonymous: 'Mo anoniem: de werkdruk rond toetsweken is te hoog',
};
export const NOOR = {
  name: 'Noor Bakker',
  named: 'Noor: de citoscores rekenen stijgen al twee jaar',
  action: 'Noor: ouders uitnodigen voor een kijkochtend rekenen',
  anonymous: 'Noor anoniem: ik mis tijd voor collegiale consultatie',
};
/** The other organisation's person has the same name: erasure must find people by id, never by name. */
export const OTHER_ORG = { name: 'Mo Jansen', text: 'Mo elders: bij ons gaat lezen beter dan vorig jaar' };

export interface PrivacyScenario {
  a: World;
  b: World;
  coby: Person;
  mo: Person;
  noor: Person;
  moElsewhere: Person;
  named: Round;
  anonymous: Round;
  later: Round;
}

async function open(
  world: World,
  triggeredBy: string,
  theme: string,
  template: Template | null = null,
): Promise<Round> {
  const opened = await openRound(world.deps, {
    organisationId: world.organisationId,
    teamId: world.team.id,
    trigger: 'ad_hoc',
    triggeredBy,
    template,
    theme,
    secondConfirmed: true,
  });
  if (!opened.ok) throw new Error(`scenario: ${opened.code}`);
  return opened.value.round;
}

async function answer(
  world: World,
  round: Round,
  person: Person,
  answers: { key: 'right_things' | 'evidence' | 'next_steps'; text: string }[],
): Promise<void> {
  const saved = await recordAnswers(world.deps, {
    organisationId: world.organisationId,
    roundId: round.id,
    personId: person.id,
    answers,
    source: 'web',
    platform: 'web',
  });
  if (!saved.ok) throw new Error(`scenario: ${saved.code}`);
}

/**
 * Two organisations on one store. In A: coordinator Coby, Mo (a team coordinator; the person
 * exported and erased) and member Noor. A named round and an anonymous round, both answered by Mo and Noor
 * and closed (summaries queued); an action from each next-steps answer, Noor's owned by Mo; a
 * later open round whose prompt lists those actions with Mo as owner; a digest to Mo, a notice
 * naming Mo; audit rows by and about Mo. In B: another "Mo Jansen" with an answer and audit rows.
 */
export async function privacyScenario(store: Store): Promise<PrivacyScenario> {
  const clock = movableClock('2026-01-05T09:00:00Z');
  const a = await buildWorld(store, clock);
  const org = a.organisationId;
  const coby = await a.person('Coby Coördinator', 'coordinator', { kind: 'organisation' });
  const mo = await a.person(MO.name);
  const noor = await a.person(NOOR.name);
  await store.people.addIdentity({
    personId: mo.id,
    organisationId: org,
    platform: 'slack',
    workspaceId: 'T0LINDE',
    userId: 'U0MO',
  });
  await store.people.addIdentity({
    personId: noor.id,
    organisationId: org,
    platform: 'slack',
    workspaceId: 'T0LINDE',
    userId: 'U0NOOR',
  });
  // Audit rows about Mo (role granted by Coby) and, through the ad-hoc round, by Mo.
  const granted = await grantRole(a.deps, {
    organisationId: org,
    actorPersonId: coby.id,
    personId: mo.id,
    // A team coordinator: Mo starts the ad-hoc round below, which only coordinators may.
    role: 'coordinator',
    scope: { kind: 'team', teamId: a.team.id },
  });
  if (!granted.ok) throw new Error(granted.code);

  const named = await open(a, mo.id, 'rekenen');
  await answer(a, named, mo, [
    { key: 'evidence', text: MO.named },
    { key: 'next_steps', text: MO.action },
  ]);
  await answer(a, named, noor, [
    { key: 'evidence', text: NOOR.named },
    { key: 'next_steps', text: NOOR.action },
  ]);
  const remark = await recordThreadReply(a.deps, {
    organisationId: org,
    roundId: named.id,
    personId: mo.id,
    text: MO.remark,
    platform: 'web',
    platformMessageId: `${named.id}:remark`,
  });
  if (!remark.ok) throw new Error(remark.code);

  const anonymousTemplate: Template = {
    id: a.deps.newId(),
    organisationId: org,
    name: 'Welzijn',
    theme: 'welzijn',
    aspect: 'hrm',
    questions: [{ key: 'right_things' }],
    metricKeys: [],
    responseWindowHours: 48,
    remindAfterHours: null,
    anonymous: true,
    audience: 'team',
    shareWhileOpen: false,
    createdAt: clock.now(),
  };
  const anonymous = await open(a, coby.id, 'welzijn', anonymousTemplate);
  await answer(a, anonymous, mo, [{ key: 'right_things', text: MO.anonymous }]);
  await answer(a, anonymous, noor, [{ key: 'right_things', text: NOOR.anonymous }]);

  const noorAction = (await store.actions.list(org)).find((action) => action.title === NOOR.action);
  if (!noorAction) throw new Error('scenario: no action from Noor');
  await store.actions.update(org, noorAction.id, { ownerPersonId: mo.id, updatedAt: clock.now() });

  clock.advance(60 * 60_000);
  for (const round of [named, anonymous]) {
    const closed = await closeRound(a.deps, org, round.id, coby.id);
    if (!closed.ok) throw new Error(closed.code);
  }
  clock.advance(60 * 60_000);
  const later = await open(a, coby.id, 'lezen');
  for (const [person, week] of [
    [mo, '2026-W02'],
    [coby, '2026-W02'],
  ] as const) {
    await store.deliveries.enqueue(
      newDelivery(a.deps, {
        organisationId: org,
        dedupeKey: `digest:${person.id}:${week}`,
        roundId: null,
        purpose: 'digest',
        target: { kind: 'person', personId: person.id, platform: 'web' },
        message: { kind: 'digest', week, scopeName: 'De Linde', body: emptyDigestBody() },
        locale: 'nl',
        threadOf: null,
      }),
    );
  }
  await store.deliveries.enqueue(
    newDelivery(a.deps, {
      organisationId: org,
      dedupeKey: `notice:${mo.id}:owner`,
      roundId: null,
      purpose: 'notice',
      target: { kind: 'channel', bindingId: a.binding.id },
      message: { kind: 'notice', code: 'action_owner', params: { name: MO.name, quote: `${MO.action.slice(0, 20)}…` } },
      locale: 'nl',
      threadOf: null,
    }),
  );

  // A second organisation on the same store needs a channel of its own (channels are unique).
  const b = await buildWorld(store, clock, { channelId: 'elders-groep-7' });
  const moElsewhere = await b.person(OTHER_ORG.name, 'coordinator', { kind: 'organisation' });
  const bRound = await open(b, moElsewhere.id, 'lezen');
  await answer(b, bRound, moElsewhere, [{ key: 'evidence', text: OTHER_ORG.text }]);
  return { a, b, coby, mo, noor, moElsewhere, named, anonymous, later };
}
