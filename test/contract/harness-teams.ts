import { createHash } from 'node:crypto';
import type { QuestionKey } from '../../src/dialogues/questions.js';
import {
  CHANNEL,
  TENANT,
  botAdded,
  cardExecute,
  mentionInChannel,
  threadDelete,
  threadEdit,
  threadReply,
  type TeamsTestUser,
} from '../support/teams-activities.js';
import { startTeamsTestApp } from '../support/teams-test-app.js';
import { textsIn, type ChannelHarness } from './harness.js';

const USERS: Record<string, TeamsTestUser> = {
  coordinator: { id: '29:1coordinator', name: 'Coördinator', aadObjectId: 'aad-coordinator' },
  member1: { id: '29:1member1', name: 'Member 1', aadObjectId: 'aad-member1' },
  member2: { id: '29:1member2', name: 'Member 2', aadObjectId: 'aad-member2' },
  outsider: { id: '29:1outsider', name: 'Outsider', aadObjectId: 'aad-outsider' },
};

/**
 * Teams driven as Teams drives it: activities to the real CloudAdapter endpoint (@mention
 * commands, Action.Execute invokes from the card, thread replies), with a fake Bot Connector
 * recording what the bot sends. 'coordinator' installs the app (the installer becomes
 * coordinator); members join the team by speaking in its bound channel.
 */
export async function createTeamsHarness(): Promise<ChannelHarness> {
  const app = await startTeamsTestApp();
  const { store, connector } = app;
  const user = (handle: string): TeamsTestUser => {
    const found = USERS[handle];
    if (!found) throw new Error(`unknown user ${handle}`);
    return found;
  };
  const installed = await app.send(botAdded(connector.url, user('coordinator')));
  if (installed.status !== 200) throw new Error(`install answered ${installed.status}`);
  const organisationId = (await store.workspaces.findOrganisation('teams', TENANT)) ?? '';

  /** A stable Teams message id per contract message id; the same id again is a redelivery. */
  const idFor = (messageId: string) =>
    String(
      1_760_100_000_000 + (parseInt(createHash('sha256').update(messageId).digest('hex').slice(0, 8), 16) % 1_000_000),
    );

  async function command(handle: string, text: string): Promise<string> {
    const before = connector.sent.length;
    const res = await app.send(mentionInChannel(connector.url, user(handle), text));
    if (res.status !== 200) throw new Error(`Teams endpoint answered ${res.status}`);
    return unescape(
      connector.sent
        .slice(before)
        .map((s) => [String(s.activity.text ?? ''), ...textsIn(s.activity.attachments)].join('\n'))
        .join('\n'),
    );
  }

  async function rootOf(roundId: string): Promise<string> {
    const prompt = (await store.deliveries.list(organisationId, { roundId })).find(
      (d) => d.purpose === 'prompt' && d.postedRef,
    );
    if (!prompt?.postedRef) throw new Error(`no posted prompt for round ${roundId}`);
    return prompt.postedRef;
  }

  return {
    platform: 'teams',
    store,
    organisationId,
    bind: (handle, teamName) => command(handle, `koppel ${teamName}`),
    command,
    startRound: (handle, theme) => command(handle, `ronde ${theme}`),
    flush: () => app.flush(),
    async prompts() {
      return connector.sent
        .filter((s) => s.conversationId === CHANNEL && s.activityId === null && Array.isArray(s.activity.attachments))
        .map((s) => {
          const content = (s.activity.attachments as { content: { actions?: { data?: { roundId?: string } }[] } }[])[0]
            ?.content;
          return { roundId: content?.actions?.[0]?.data?.roundId ?? '', text: unescape(visibleText(content)) };
        })
        .filter((p) => p.roundId !== '');
    },
    async answerForm(handle, roundId, answers: Partial<Record<QuestionKey, string>>) {
      const data = {
        vv: 'vv_answers',
        roundId,
        ...Object.fromEntries(Object.entries(answers).map(([key, text]) => [`q_${key}`, text])),
      };
      const res = await app.send(cardExecute(connector.url, user(handle), await rootOf(roundId), 'vv_answers', data));
      const body = (await res.json()) as { value: unknown };
      return unescape(typeof body.value === 'string' ? body.value : visibleText(body.value));
    },
    async threadReply(handle, roundId, text, messageId) {
      const res = await app.send(
        threadReply(connector.url, user(handle), await rootOf(roundId), text, idFor(messageId)),
      );
      if (res.status !== 200) throw new Error(`Teams endpoint answered ${res.status}`);
    },
    async editThread(handle, roundId, messageId, text, options = {}) {
      const activity = threadEdit(connector.url, user(handle), await rootOf(roundId), text, idFor(messageId));
      for (let i = 0; i < (options.redelivery ? 2 : 1); i += 1) {
        const res = await app.send(activity);
        if (res.status !== 200) throw new Error(`Teams endpoint answered ${res.status}`);
      }
    },
    async deleteThread(handle, roundId, messageId) {
      const res = await app.send(threadDelete(connector.url, user(handle), await rootOf(roundId), idFor(messageId)));
      if (res.status !== 200) throw new Error(`Teams endpoint answered ${res.status}`);
    },
    // What Teams reads as text to show: every activity's text and every card text. Input values
    // (a person's own answer in an edit box) are left out: an input shows its value literally.
    async allPostedText() {
      return connector.sent
        .map((s) => [String(s.activity.text ?? ''), visibleText(s.activity.attachments)].join('\n'))
        .join('\n');
    },
    close: () => app.close(),
  };
}

function visibleText(value: unknown): string {
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      if (record.type === 'Input.Text') {
        if (typeof record.label === 'string') texts.push(record.label);
        return;
      }
      for (const key of ['text', 'title']) if (typeof record[key] === 'string') texts.push(record[key]);
      Object.values(record).forEach(walk);
    }
  };
  walk(value);
  return texts.join('\n');
}

/** Teams shows `&lt;` as `<`: compare what people read. */
const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
