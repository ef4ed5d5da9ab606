import { createHash } from 'node:crypto';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import type { QuestionKey } from '../../src/dialogues/questions.js';
import { fixture } from '../support/slack-requests.js';
import { postedMrkdwn } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp } from '../support/slack-test-app.js';
import { textsIn, type ChannelHarness } from './harness.js';

const CHANNEL = 'C0CONTRACT';
const USERS: Record<string, { id: string; admin: boolean; inChannel: boolean }> = {
  coordinator: { id: 'U0COORD01', admin: true, inChannel: true },
  member1: { id: 'U0MEMBER1', admin: false, inChannel: true },
  member2: { id: 'U0MEMBER2', admin: false, inChannel: true },
  outsider: { id: 'U0OUTSIDE', admin: false, inChannel: false },
};

/**
 * Slack driven as Slack drives it: signed slash commands, button clicks, modal submissions and
 * thread events to the real Bolt endpoint, with a fake Web API recording what the bot posts.
 * 'coordinator' is a workspace admin (admins become coordinators on first contact).
 */
export async function createSlackHarness(): Promise<ChannelHarness> {
  const app = await startSlackTestApp();
  const { store, deps, slack } = app;
  const now = deps.clock.now();
  const organisationId = deps.newId();
  await store.organisations.create({
    id: organisationId,
    name: 'Slack board',
    locale: 'nl',
    timeZone: 'Europe/Amsterdam',
    retentionDays: null,
    createdAt: now,
  });
  await store.schools.create({ id: deps.newId(), organisationId, name: 'De Linde' });
  await store.workspaces.link('slack', WORKSPACE.teamId, organisationId);
  for (const [handle, user] of Object.entries(USERS))
    slack.addUser(WORKSPACE.teamId, { id: user.id, name: handle, is_admin: user.admin });
  slack.setMembers(CHANNEL, [
    WORKSPACE.botUserId,
    ...Object.values(USERS)
      .filter((u) => u.inChannel)
      .map((u) => u.id),
  ]);

  const userId = (handle: string): string => {
    const user = USERS[handle];
    if (!user) throw new Error(`unknown user ${handle}`);
    return user.id;
  };
  const seen = new Set<string>();
  let edits = 0;
  let forms = 0;
  /** A stable Slack ts per contract message id; a message id seen before is a redelivery. */
  const tsFor = (messageId: string) =>
    `17600${parseInt(createHash('sha256').update(messageId).digest('hex').slice(0, 8), 16) % 100_000}.000100`;

  async function command(handle: string, text: string): Promise<string> {
    const res = await app.command(text, userId(handle), CHANNEL, { channelName: 'contract' });
    const body = (await res.json()) as { text?: string; blocks?: unknown };
    return unescape([body.text ?? '', ...textsIn(body.blocks)].join('\n'));
  }

  async function promptTs(roundId: string): Promise<string> {
    const deliveries = await store.deliveries.list(organisationId, { roundId });
    const prompt = deliveries.find((d) => d.purpose === 'prompt' && d.postedRef);
    if (!prompt?.postedRef) throw new Error(`no posted prompt for round ${roundId}`);
    return prompt.postedRef;
  }

  return {
    platform: 'slack',
    store,
    organisationId,
    bind: (handle, teamName) => command(handle, `koppel ${teamName}`),
    command,
    startRound: (handle, theme) => command(handle, `ronde ${theme}`),
    async flush() {
      for (let i = 0; i < 20; i += 1) if ((await deliverDue(deps, app.channels)).claimed === 0) return;
    },
    async prompts() {
      const deliveries = await store.deliveries.list(organisationId);
      return slack
        .posts(CHANNEL)
        .filter((m) => !m.thread_ts)
        .flatMap((m) => {
          const delivery = deliveries.find(
            (d) => d.id === m.metadata?.event_payload.delivery_id && d.purpose === 'prompt',
          );
          return delivery ? [{ roundId: delivery.roundId ?? '', text: unescape(visibleText(m.blocks)) }] : [];
        });
    },
    async answerForm(handle, roundId, answers: Partial<Record<QuestionKey, string>>) {
      const user = userId(handle);
      // Slack gives every interaction its own trigger_id; two identical signed bodies are a replay.
      forms += 1;
      const base = { team: WORKSPACE.teamId, user, user_name: handle, trigger_id: `trigger-${handle}-${forms}` };
      await app.interact(
        fixture('block-actions-button', {
          ...base,
          channel: CHANNEL,
          message_ts: await promptTs(roundId),
          response_url: `${slack.origin}/respond/${handle}`,
          action_id: 'vv_answer',
          value: roundId,
        }),
      );
      const payload = fixture<{ view: { state: { values: unknown } } }>('view-submission', {
        ...base,
        callback_id: 'vv_answers',
        private_metadata: JSON.stringify({ roundId }),
      });
      payload.view.state.values = Object.fromEntries(
        Object.entries(answers).map(([key, text]) => [
          `q_${key}`,
          { answer: { type: 'plain_text_input', value: text } },
        ]),
      );
      const body = (await (await app.interact(payload)).json()) as {
        response_action?: string;
        errors?: Record<string, string>;
        view?: { blocks?: unknown[] };
      };
      return unescape(body.errors ? Object.values(body.errors).join(' ') : visibleText(body.view?.blocks ?? []));
    },
    async threadReply(handle, roundId, text, messageId) {
      const ts = tsFor(messageId);
      const message = fixture('event-message-thread', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        channel: CHANNEL,
        user: userId(handle),
        text,
        ts,
        thread_ts: await promptTs(roundId),
        event_id: `Ev${ts.replace('.', '')}`,
      });
      const redelivery = seen.has(messageId);
      seen.add(messageId);
      const res = await app.event(message, redelivery ? { retryNum: 1 } : {});
      if (res.status !== 200) throw new Error(`Slack endpoint answered ${res.status}`);
    },
    async editThread(handle, roundId, messageId, text, options = {}) {
      const ts = tsFor(messageId);
      edits += 1;
      const editTs = `17700${edits}.000200`;
      const event = fixture('event-message-changed', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        channel: CHANNEL,
        user: userId(handle),
        text,
        previous_text: '',
        ts,
        edit_ts: editTs,
        thread_ts: await promptTs(roundId),
        event_id: `EvEdit${edits}`,
      });
      for (const retryNum of options.redelivery ? [0, 1] : [0]) {
        const res = await app.event(event, retryNum ? { retryNum } : {});
        if (res.status !== 200) throw new Error(`Slack endpoint answered ${res.status}`);
      }
    },
    async deleteThread(handle, roundId, messageId) {
      edits += 1;
      const event = fixture('event-message-deleted', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        channel: CHANNEL,
        user: userId(handle),
        previous_text: '',
        ts: tsFor(messageId),
        delete_ts: `17700${edits}.000300`,
        thread_ts: await promptTs(roundId),
        event_id: `EvDelete${edits}`,
      });
      const res = await app.event(event);
      if (res.status !== 200) throw new Error(`Slack endpoint answered ${res.status}`);
    },
    // What Slack parses as markup: every mrkdwn text and notification text the bot sent
    // (plain_text fields are shown literally by Slack and cannot carry a mention or a link).
    allPostedText: async () => postedMrkdwn(app),
    close: () => app.close(),
  };
}

function visibleText(blocks: unknown): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string')
        texts.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(blocks);
  return texts.join('\n');
}

/** Slack shows `&lt;` as `<`: compare what people read. */
const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
