import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REPLY_CHARS } from '../../src/dialogues/limits.js';
import { closeRound } from '../../src/dialogues/round-lifecycle.js';
import {
  ANOUK,
  CHANNEL,
  ILSE,
  TENANT,
  botAdded,
  cardExecute,
  cardSubmit,
  mentionInChannel,
  personalMessage,
} from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

type CardBody = { statusCode: number; type: string; value: { body: Record<string, unknown>[]; actions?: unknown[] } };

/** Real-shaped activities through the CloudAdapter endpoint, with the local connector recording what the bot sends. */
describe('Teams: nobody loses typed text', () => {
  let app: TeamsTestApp;
  beforeEach(async () => {
    app = await startTeamsTestApp();
  });
  afterEach(async () => app.close());

  const say = async (activity: Record<string, unknown>) => {
    const res = await app.send(activity);
    expect(res.status).toBe(200);
    return res;
  };

  async function openRound(): Promise<{ organisationId: string; roundId: string; rootId: string }> {
    await say(botAdded(app.connector.url, ILSE));
    await say(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7'));
    await say(mentionInChannel(app.connector.url, ILSE, 'ronde begrijpend lezen'));
    await app.flush();
    const organisationId = (await app.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
    const round = (await app.store.rounds.list(organisationId))[0];
    const prompt = app.connector.postsTo(CHANNEL).find((s) => s.activityId === null && s.conversationId === CHANNEL);
    if (!round || !prompt) throw new Error('no round or prompt');
    return { organisationId, roundId: round.id, rootId: prompt.id };
  }

  const input = (card: CardBody, id: string) => card.value.body.find((e) => e.type === 'Input.Text' && e.id === id);
  const textOf = (card: CardBody) => JSON.stringify(card.value.body);

  it('refreshes the card with the typed values and the reason when an answer is too long', async () => {
    const { organisationId, roundId, rootId } = await openRound();
    const tooLong = 'a'.repeat(MAX_REPLY_CHARS + 1);
    const res = await say(
      cardExecute(app.connector.url, ANOUK, rootId, 'vv_answers', {
        vv: 'vv_answers',
        roundId,
        q_right_things: tooLong,
        q_evidence: 'De Cito-scores',
      }),
    );
    const card = (await res.json()) as CardBody;
    expect(card.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(input(card, 'q_right_things')).toMatchObject({ value: tooLong, maxLength: MAX_REPLY_CHARS });
    expect(input(card, 'q_evidence')).toMatchObject({ value: 'De Cito-scores' });
    expect(textOf(card)).toContain('te lang');
    expect(textOf(card)).toContain('Je tekst staat nog in de velden hieronder');
    expect(JSON.stringify(card.value.actions)).toContain('"verb":"vv_answers"');
    expect(await app.store.replies.listByRound(organisationId, roundId)).toHaveLength(0);
  });

  it('keeps the typed values in a round that closed meanwhile, without a save button', async () => {
    const { organisationId, roundId, rootId } = await openRound();
    const ilse = await app.store.people.findByIdentity('teams', TENANT, ILSE.id);
    expect((await closeRound(app.deps, organisationId, roundId, ilse?.id ?? '')).ok).toBe(true);
    const res = await say(
      cardExecute(app.connector.url, ANOUK, rootId, 'vv_answers', { vv: 'vv_answers', roundId, q_next_steps: 'Plan' }),
    );
    const card = (await res.json()) as CardBody;
    expect(input(card, 'q_next_steps')).toMatchObject({ value: 'Plan' });
    expect(input(card, 'q_next_steps')?.isVisible).toBeUndefined();
    expect(textOf(card)).toContain('is gesloten');
    expect(JSON.stringify(card.value.actions ?? [])).not.toContain('"verb":"vv_answers"');
    // The Action.Submit fallback answers with the reason, not "saved".
    await say(cardSubmit(app.connector.url, ANOUK, rootId, { vv: 'vv_answers', roundId, q_next_steps: 'Plan' }));
    expect(String(app.connector.sent.at(-1)?.activity.text)).toContain('is gesloten');
  });
});

describe('Teams: names for people and organisations', () => {
  let app: TeamsTestApp;
  beforeEach(async () => {
    app = await startTeamsTestApp();
  });
  afterEach(async () => app.close());

  const say = async (activity: Record<string, unknown>) => {
    const res = await app.send(activity);
    expect(res.status).toBe(200);
    return res;
  };
  /** What a real install event looks like: `from` carries the ids, no name. */
  const nameless = (activity: Record<string, unknown>) => {
    const from = { ...(activity.from as Record<string, unknown>) };
    delete from.name;
    return { ...activity, from };
  };
  const org = async () => (await app.store.workspaces.findOrganisation('teams', TENANT)) ?? '';

  it('names the installer from the roster, since install events carry no name', async () => {
    app.connector.roster.set(ILSE.id, { name: 'Ilse de Wit', aadObjectId: ILSE.aadObjectId });
    await say(nameless(botAdded(app.connector.url, ILSE)));
    const ilse = await app.store.people.findByIdentity('teams', TENANT, ILSE.id);
    expect(ilse?.displayName).toBe('Ilse de Wit');
    expect(app.connector.rosterReads).toEqual([expect.objectContaining({ userId: ILSE.id })]);
    // A known name needs no roster read.
    await say(nameless(mentionInChannel(app.connector.url, ILSE, 'help')));
    expect(app.connector.rosterReads).toHaveLength(1);
  });

  it('keeps the id while the roster does not know the person, and takes the first name an activity carries', async () => {
    await say(nameless(botAdded(app.connector.url, ILSE)));
    const before = await app.store.people.findByIdentity('teams', TENANT, ILSE.id);
    expect(before?.displayName).toBe(ILSE.id);
    await say(mentionInChannel(app.connector.url, ILSE, 'help'));
    expect((await app.store.people.get(await org(), before?.id ?? ''))?.displayName).toBe(ILSE.name);
    // A later activity with another name does not overwrite a real one.
    await say(mentionInChannel(app.connector.url, { ...ILSE, name: 'Someone Else' }, 'help'));
    expect((await app.store.people.get(await org(), before?.id ?? ''))?.displayName).toBe(ILSE.name);
  });

  it('names an organisation first met in a personal chat after its team, and lets a coordinator rename it', async () => {
    await say(personalMessage(app.connector.url, ILSE, 'help'));
    const organisationId = await org();
    expect((await app.store.organisations.get(organisationId))?.name).toBe(`Teams ${TENANT.slice(0, 8)}`);
    await say(botAdded(app.connector.url, ILSE));
    expect((await app.store.organisations.get(organisationId))?.name).toBe('Stichting De Linde');
    expect((await app.store.schools.list(organisationId)).map((s) => s.name)).toEqual(['Stichting De Linde']);

    // Ilse installed the app, so she is coordinator; Anouk is not.
    await say(mentionInChannel(app.connector.url, ANOUK, 'organisatie naam Kindcentra Linde'));
    expect(String(app.connector.sent.at(-1)?.activity.text)).toContain('coördinator');
    await say(mentionInChannel(app.connector.url, ILSE, 'organisatie naam Kindcentra Linde'));
    expect(String(app.connector.sent.at(-1)?.activity.text)).toContain('De organisatie heet nu Kindcentra Linde.');
    expect((await app.store.organisations.get(organisationId))?.name).toBe('Kindcentra Linde');
    // A team's name never overwrites a name a coordinator gave.
    await say(mentionInChannel(app.connector.url, ILSE, 'help'));
    expect((await app.store.organisations.get(organisationId))?.name).toBe('Kindcentra Linde');
    await say(mentionInChannel(app.connector.url, ILSE, 'organisatie'));
    expect(String(app.connector.sent.at(-1)?.activity.text)).toContain('Gebruik: organisatie naam');
  });
});
