import { holds, teamContext } from '../../dialogues/access.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { myAnswers } from '../../dialogues/record-reply.js';
import { formatWhen, t } from '../../i18n/index.js';
import { describeSchedule } from '../../i18n/recurrence-text.js';
import {
  actions as actionsBlock,
  context,
  divider,
  fitBlocks,
  header,
  LIMITS,
  plain,
  sections,
  type Block,
} from './block-kit.js';
import { escapeMrkdwn as esc, truncateMrkdwn, truncatePlain } from './mrkdwn.js';
import { closeRoundButton } from './slack-close-round.js';
import { ACTION } from './slack-render.js';
import { CHANNEL_ID, type Actor } from './slack-runtime.js';
import { DEFAULT_TIME_ZONE } from '../../dialogues/time-zone.js';

const MAX_ROUNDS = 10;
const MAX_LINES = 15;
const EXCERPT_CHARS = 120;

/**
 * The App Home tab: the person's open rounds (with the answer button), how far they got, the
 * actions of their teams, and for coordinators the bound channels and schedules. Rebuilt from the
 * store each time it is opened; nothing here is cached.
 */
export async function homeView(deps: DialogueDeps, actor: Actor): Promise<Record<string, unknown>> {
  const { store } = deps;
  const { organisationId, locale } = actor;
  const organisation = await store.organisations.get(organisationId);
  const timeZone = organisation?.timeZone ?? DEFAULT_TIME_ZONE;
  const grants = await store.people.roles(organisationId, actor.person.id);
  const teams = (await store.teams.list(organisationId)).filter((team) =>
    holds(grants, ['member', 'coordinator', 'leader'], teamContext(team)),
  );
  const teamName = new Map(teams.map((team) => [team.id, team.name]));
  const closable = new Set(teams.filter((team) => holds(grants, 'coordinator', teamContext(team))).map((x) => x.id));
  const blocks: Block[] = [header(t(locale, 'slack.home_title'))];

  blocks.push(...sections(`*${esc(t(locale, 'slack.home_open_rounds'))}*`));
  const open = (await store.rounds.list(organisationId, { status: 'open' })).filter((round) =>
    teamName.has(round.teamId),
  );
  if (open.length === 0) blocks.push(context(esc(t(locale, 'slack.home_no_open_rounds'))));
  for (const round of open.slice(0, MAX_ROUNDS)) {
    const team = teamName.get(round.teamId) ?? '';
    const line = t(locale, 'slack.home_round', {
      team: esc(team),
      theme: esc(round.theme || team),
      when: esc(formatWhen(round.closesAt, locale, timeZone)),
    });
    const mine = await myAnswers(deps, organisationId, round.id, actor.person.id);
    const answered = Object.keys(mine).length;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncateMrkdwn(line, LIMITS.sectionText) },
      accessory: {
        type: 'button',
        action_id: ACTION.answer,
        value: round.id,
        text: plain(t(locale, answered > 0 ? 'prompt.edit_button' : 'prompt.answer_button'), LIMITS.buttonText),
      },
    });
    if (closable.has(round.teamId)) blocks.push(actionsBlock([closeRoundButton(locale, round)]));
    // Their own answers, shortened: enough to remember what they said, the form shows the rest.
    const excerpts = round.questions.flatMap((q, index) =>
      mine[q.key] ? [`*${index + 1}.* ${esc(truncatePlain(mine[q.key] ?? '', EXCERPT_CHARS))}`] : [],
    );
    blocks.push(
      context(
        [esc(t(locale, 'slack.home_answered', { count: answered, total: round.questions.length })), ...excerpts].join(
          '\n',
        ),
      ),
    );
  }
  if (open.length > MAX_ROUNDS)
    blocks.push(context(esc(t(locale, 'slack.home_more', { count: open.length - MAX_ROUNDS }))));

  const actions = (await store.actions.list(organisationId)).filter(
    (a) => teamName.has(a.teamId) && (a.status === 'open' || a.status === 'in_progress'),
  );
  if (actions.length > 0) {
    blocks.push(divider());
    const lines = actions
      .slice(0, MAX_LINES)
      .map(
        (a) =>
          `• ${esc(`${teamName.get(a.teamId) ?? ''} #${a.number}: ${a.title} (${t(locale, `action_status.${a.status}`)}${a.dueOn ? `, ${a.dueOn}` : ''})`)}`,
      );
    if (actions.length > MAX_LINES)
      lines.push(esc(t(locale, 'slack.home_more', { count: actions.length - MAX_LINES })));
    blocks.push(...sections(`*${esc(t(locale, 'slack.home_actions'))}*\n${lines.join('\n')}`));
  }

  if (grants.some((g) => g.role === 'coordinator')) blocks.push(...(await coordinatorBlocks(deps, actor)));
  return { type: 'home', blocks: fitBlocks(blocks, LIMITS.blocksPerView) };
}

async function coordinatorBlocks(deps: DialogueDeps, actor: Actor): Promise<Block[]> {
  const { store } = deps;
  const { organisationId, locale } = actor;
  const teams = new Map((await store.teams.list(organisationId)).map((team) => [team.id, team.name]));
  const blocks: Block[] = [divider()];
  const bindings = (await store.bindings.list(organisationId)).filter(
    (b) => b.platform === 'slack' && b.workspaceId === actor.teamId,
  );
  const channelLines = bindings.slice(0, MAX_LINES).map((b) => {
    // A channel link is ours to make, and only from an id that looks like one.
    const channel = CHANNEL_ID.test(b.channelId) ? `<#${b.channelId}>` : esc(b.name);
    return `• ${channel} → ${esc(teams.get(b.teamId) ?? b.teamId)}`;
  });
  blocks.push(
    ...sections(
      `*${esc(t(locale, 'slack.home_channels'))}*\n${channelLines.length > 0 ? channelLines.join('\n') : esc(t(locale, 'slack.home_no_channels'))}`,
    ),
  );
  const schedules = await store.schedules.list(organisationId);
  if (schedules.length > 0) {
    const templates = new Map((await store.templates.list(organisationId)).map((tpl) => [tpl.id, tpl.name]));
    const lines = schedules
      .slice(0, MAX_LINES)
      .map(
        (s) =>
          `• ${esc(`${templates.get(s.templateId) ?? s.templateId}: ${describeSchedule(s, locale)} · ${s.teamIds.map((id) => teams.get(id) ?? id).join(', ')}${s.paused ? ' · ⏸' : ''}`)}`,
      );
    blocks.push(...sections(`*${esc(t(locale, 'slack.home_schedules'))}*\n${lines.join('\n')}`));
  }
  return blocks;
}
