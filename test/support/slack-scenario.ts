import { expect } from 'vitest';
import { deliverDue } from '../../src/dialogues/deliver-due.js';
import { SECOND } from './fake-clock.js';
import { fixture } from './slack-requests.js';
import { WORKSPACE, type SlackTestApp } from './slack-test-app.js';

/** The people of the Slack test workspace: one workspace admin and two teachers. */
export const ADMIN = 'U0ADMIN01';
export const ANOUK = 'U0ANOUK01';
export const BRAM = 'U0BRAM001';
export const CHANNEL = 'C0GROEP07';

export function addPeople(app: SlackTestApp): void {
  app.slack.addUser(WORKSPACE.teamId, { id: ADMIN, name: 'Ilse (IB)', is_admin: true, locale: 'nl-NL' });
  app.slack.addUser(WORKSPACE.teamId, { id: ANOUK, name: 'Anouk', locale: 'nl-NL' });
  app.slack.addUser(WORKSPACE.teamId, { id: BRAM, name: 'Bram', locale: 'nl-NL' });
  app.slack.addUser(WORKSPACE.teamId, { id: WORKSPACE.botUserId, name: 'vijfvragen', is_bot: true });
  app.slack.setMembers(CHANNEL, [ADMIN, ANOUK, BRAM, WORKSPACE.botUserId]);
}

/** The text of a slash-command response (ephemeral or in channel). */
export async function commandText(response: Response): Promise<{ status: number; type: string; text: string }> {
  const body =
    response.status === 200
      ? ((await response.json().catch(() => ({}))) as { response_type?: string; text?: string; blocks?: unknown[] })
      : {};
  return {
    status: response.status,
    type: body.response_type ?? '',
    text: `${body.text ?? ''} ${JSON.stringify(body.blocks ?? [])}`,
  };
}

/**
 * Runs the delivery worker until nothing is due. When it held posts back (Slack's pace of about
 * one post per second per channel, or a thread waiting for its parent) the fake clock moves on
 * a little, as real time would.
 */
export async function flush(app: SlackTestApp): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const figures = await deliverDue(app.deps, app.channels);
    if (figures.claimed === 0) return;
    if (figures.released > 0 || figures.retried > 0) app.deps.clock.advance(2 * SECOND);
  }
  throw new Error('deliveries still due after 50 rounds of the worker');
}

export interface OpenedRound {
  organisationId: string;
  roundId: string;
  promptTs: string;
}

/** The admin binds the channel to "Groep 7" and starts a round; the prompt is posted. */
export async function bindAndOpenRound(app: SlackTestApp, theme = 'begrijpend lezen'): Promise<OpenedRound> {
  const bound = await commandText(await app.command('koppel Groep 7', ADMIN, CHANNEL, { channelName: 'groep-7' }));
  expect(bound.type).toBe('in_channel');
  await commandText(await app.command(`ronde ${theme}`, ADMIN, CHANNEL));
  await flush(app);
  const organisationId = (await app.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
  const round = (await app.store.rounds.list(organisationId, { status: 'open' }))[0];
  const prompt = app.slack.posts(CHANNEL).find((m) => m.metadata?.event_type === 'vijfvragen_delivery' && !m.thread_ts);
  if (!round || !prompt) throw new Error('no round or no prompt posted');
  return { organisationId, roundId: round.id, promptTs: prompt.ts };
}

let seq = 0;
/** A fresh, unique Slack message ts. */
export const newTs = () => `1760001${String((seq += 1)).padStart(3, '0')}.${String(seq).padStart(6, '0')}`;

export function threadMessage(
  user: string,
  text: string,
  ts: string,
  threadTs: string,
  eventId = `Ev${ts.replace('.', '')}`,
) {
  return fixture('event-message-thread', {
    team: WORKSPACE.teamId,
    bot_user: WORKSPACE.botUserId,
    channel: CHANNEL,
    user,
    text,
    ts,
    thread_ts: threadTs,
    event_id: eventId,
  });
}

/** Everything the bot made Slack parse as mrkdwn (block texts and notification texts), for injection checks. */
export function postedMrkdwn(app: SlackTestApp): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') texts.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  for (const call of app.slack.calls) {
    const p = call.params;
    if (typeof p.text === 'string') texts.push(p.text);
    walk(p.blocks);
    walk(p.view);
  }
  for (const response of app.slack.responses) {
    if (typeof response.body.text === 'string') texts.push(response.body.text);
    walk(response.body.blocks);
  }
  return texts.join('\n');
}
