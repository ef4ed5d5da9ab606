import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ANOUK,
  BRAM,
  CHANNEL,
  ILSE,
  TENANT,
  botAdded,
  cardExecute,
  cardSubmit,
  installationAdded,
  mentionInChannel,
  mentionInThread,
  personalMessage,
  threadReply,
} from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';

/** Every text a card or message carries, for looking at what people see. */
function texts(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      for (const key of ['text', 'label', 'value', 'title']) if (typeof record[key] === 'string') out.push(record[key]);
      Object.values(record).forEach(walk);
    }
  };
  walk(value);
  return out.join('\n');
}

describe('Teams bot over the real CloudAdapter endpoint', () => {
  let app: TeamsTestApp;
  beforeEach(async () => {
    app = await startTeamsTestApp();
  });
  afterEach(async () => app.close());

  const org = async () => (await app.store.workspaces.findOrganisation('teams', TENANT)) ?? '';
  const say = async (activity: Record<string, unknown>) => {
    const res = await app.send(activity);
    expect(res.status).toBe(200);
    return res;
  };
  const lastReply = () => app.connector.sent.at(-1);

  async function installBindAndOpen(): Promise<{ organisationId: string; roundId: string; rootId: string }> {
    await say(botAdded(app.connector.url, ILSE));
    await say(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7'));
    await say(mentionInChannel(app.connector.url, ILSE, 'ronde begrijpend lezen'));
    await app.flush();
    const organisationId = await org();
    const round = (await app.store.rounds.list(organisationId))[0];
    const prompt = app.connector.postsTo(CHANNEL).find((s) => s.activityId === null && s.conversationId === CHANNEL);
    if (!round || !prompt) throw new Error('no round or prompt');
    return { organisationId, roundId: round.id, rootId: prompt.id };
  }

  it('greets once on install, maps the tenant to an organisation and makes the installer coordinator', async () => {
    await say(botAdded(app.connector.url, ILSE));
    await say(installationAdded(app.connector.url, ILSE));
    await say(botAdded(app.connector.url, ANOUK));
    const greetings = app.connector.sent.filter((s) => String(s.activity.text).includes('koppel'));
    expect(greetings).toHaveLength(1);
    expect(greetings[0]?.conversationId).toBe(CHANNEL);
    expect(String(greetings[0]?.activity.text)).toContain('coördinator');
    const organisationId = await org();
    expect((await app.store.organisations.get(organisationId))?.name).toBe('Stichting De Linde');
    const ilse = await app.store.people.findByIdentity('teams', TENANT, ILSE.id);
    const anouk = await app.store.people.findByIdentity('teams', TENANT, ANOUK.id);
    expect(await app.store.people.roles(organisationId, ilse?.id ?? '')).toContainEqual(
      expect.objectContaining({ role: 'coordinator', scope: { kind: 'organisation' } }),
    );
    expect(
      (await app.store.people.roles(organisationId, anouk?.id ?? '')).filter((g) => g.role === 'coordinator'),
    ).toHaveLength(0);
    expect(await app.conversations.find(CHANNEL)).toMatchObject({
      tenantId: TENANT,
      kind: 'channel',
      reference: { serviceUrl: app.connector.url },
    });
  });

  it('binds the channel with @mention koppel, refusing a member and naming the role', async () => {
    await say(botAdded(app.connector.url, ILSE));
    await say(mentionInChannel(app.connector.url, ANOUK, 'koppel Groep 7'));
    expect(String(lastReply()?.activity.text)).toContain('coördinator');
    const organisationId = await org();
    expect(await app.store.teams.findByName(organisationId, 'Groep 7')).toHaveLength(0);
    await say(mentionInChannel(app.connector.url, ILSE, 'link Groep 7'));
    expect(String(lastReply()?.activity.text)).toContain('Groep 7');
    const binding = await app.store.bindings.findByChannel('teams', TENANT, CHANNEL);
    expect(binding).toMatchObject({ organisationId, platform: 'teams', channelId: CHANNEL });
    expect(binding?.address).toMatchObject({ serviceUrl: app.connector.url, conversation: { id: CHANNEL } });
  });

  it('posts the round as a new thread with an Adaptive Card, refuses a member, and answers help in a personal chat', async () => {
    const { organisationId, rootId } = await installBindAndOpen();
    const prompt = app.connector.sent.find((s) => s.id === rootId);
    expect(prompt?.activityId).toBeNull();
    const card = (prompt?.activity.attachments as { contentType: string; content: Record<string, unknown> }[])[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content.version).toBe('1.5');
    expect(texts(card?.content)).toContain('Doen we de goede dingen?');
    expect(texts(card?.content)).toContain('begrijpend lezen');
    await say(mentionInChannel(app.connector.url, ANOUK, 'ronde nog een'));
    expect(String(lastReply()?.activity.text)).toContain('coördinator');
    expect(await app.store.rounds.list(organisationId)).toHaveLength(1);
    await say(personalMessage(app.connector.url, ANOUK, 'help'));
    expect(lastReply()?.conversationId).toBe(`a:personal-${ANOUK.aadObjectId}`);
    expect(texts(lastReply()?.activity)).toContain('koppel');
  });

  it('stores card answers (Action.Execute), returns the person their own view, and refreshes it', async () => {
    const { organisationId, roundId, rootId } = await installBindAndOpen();
    const res = await say(
      cardExecute(app.connector.url, ANOUK, rootId, 'vv_answers', {
        vv: 'vv_answers',
        roundId,
        q_right_things: 'Ja',
        q_evidence: 'De Cito-scores',
      }),
    );
    const body = (await res.json()) as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const inputs = (body.value.body as Record<string, unknown>[]).filter((e) => e.type === 'Input.Text');
    expect(inputs.find((i) => i.id === 'q_right_things')?.value).toBe('Ja');
    expect(texts(body.value)).toContain('2 antwoorden tot nu toe');
    const replies = await app.store.replies.listByRound(organisationId, roundId);
    expect(replies.map((r) => [r.questionKey, r.text, r.source]).sort()).toEqual([
      ['evidence', 'De Cito-scores', 'card'],
      ['right_things', 'Ja', 'card'],
    ]);
    // Everyone's card now shows the count; Anouk's view refreshes for her by itself.
    const update = app.connector.sent.find((s) => s.method === 'PUT' && s.activityId === rootId);
    expect(texts(update?.activity)).toContain('2 antwoorden tot nu toe');
    expect(JSON.stringify(update?.activity)).toContain(ANOUK.id);
    // Editing: a second save changes the answer; a refresh shows it.
    await say(
      cardExecute(app.connector.url, ANOUK, rootId, 'vv_answers', {
        vv: 'vv_answers',
        roundId,
        q_right_things: 'Ja, grotendeels',
        q_evidence: 'De Cito-scores',
      }),
    );
    const refreshed = (await (
      await say(cardExecute(app.connector.url, ANOUK, rootId, 'vv_refresh', { vv: 'vv_refresh', roundId }))
    ).json()) as { value: { body: Record<string, unknown>[] } };
    expect(refreshed.value.body.find((e) => e.id === 'q_right_things')?.value).toBe('Ja, grotendeels');
    expect(await app.store.replies.listByRound(organisationId, roundId)).toHaveLength(2);
  });

  it('accepts the Action.Submit fallback and stores a redelivered submit once', async () => {
    const { organisationId, roundId, rootId } = await installBindAndOpen();
    const submit = cardSubmit(app.connector.url, BRAM, rootId, {
      vv: 'vv_answers',
      roundId,
      q_next_steps: 'Een leesplan',
    });
    await say(submit);
    await say(submit);
    const replies = await app.store.replies.listByRound(organisationId, roundId);
    expect(replies).toMatchObject([{ questionKey: 'next_steps', text: 'Een leesplan', source: 'card' }]);
    expect(app.connector.sent.filter((s) => String(s.activity.text).includes('bewaard'))).toHaveLength(1);
    expect(
      await app.store.actions.listByTeam(
        organisationId,
        (await app.store.rounds.get(organisationId, roundId))?.teamId ?? '',
      ),
    ).toHaveLength(1);
  });

  it('maps thread replies by the thread rule and stores a redelivered activity once', async () => {
    const { organisationId, roundId, rootId } = await installBindAndOpen();
    const reply = threadReply(app.connector.url, ANOUK, rootId, '3. De methodetoetsen');
    await say(reply);
    await say(reply);
    await say(threadReply(app.connector.url, BRAM, rootId, 'Goed gesprek gehad'));
    const replies = await app.store.replies.listByRound(organisationId, roundId);
    // Both arrive at the same (fake) instant: compare without relying on their order.
    expect(replies.map((r) => [r.questionKey ?? '', r.text, r.source]).sort()).toEqual([
      ['', 'Goed gesprek gehad', 'thread'],
      ['evidence', 'De methodetoetsen', 'thread'],
    ]);
    // Speaking in the team's bound channel made them members of the team.
    const anouk = await app.store.people.findByIdentity('teams', TENANT, ANOUK.id);
    expect(await app.store.people.roles(organisationId, anouk?.id ?? '')).toContainEqual(
      expect.objectContaining({ role: 'member' }),
    );
  });

  it('without channel-message consent: a mention in the round thread that is no command is an answer, stored and confirmed; a command stays a command', async () => {
    const { organisationId, roundId, rootId } = await installBindAndOpen();
    const before = app.connector.sent.length;
    const mention = mentionInThread(app.connector.url, ANOUK, rootId, '1. Ja, het leesplan werkt');
    await say(mention);
    await say(mention); // redelivered: stored and confirmed once
    const replies = await app.store.replies.listByRound(organisationId, roundId);
    expect(replies.map((r) => [r.questionKey, r.text, r.source])).toEqual([
      ['right_things', 'Ja, het leesplan werkt', 'thread'],
    ]);
    const told = app.connector.sent.slice(before).map((s) => String(s.activity.text));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Bewaard als je antwoord');
    expect(told.join()).not.toContain('Dat commando ken ik niet');

    // A general remark with a mention is an answer too; a known command with a mention is run, not stored.
    await say(mentionInThread(app.connector.url, BRAM, rootId, 'Goed gesprek gehad'));
    await say(mentionInThread(app.connector.url, BRAM, rootId, 'acties'));
    expect(String(lastReply()?.activity.text ?? '') + texts(lastReply()?.activity)).toContain(
      'Er zijn geen openstaande acties',
    );
    expect((await app.store.replies.listByRound(organisationId, roundId)).map((r) => r.text).sort()).toEqual(
      ['Ja, het leesplan werkt', 'Goed gesprek gehad'].sort(),
    );

    // The prompt says that answering with a mention always works.
    const prompt = app.connector.sent.find((s) => s.id === rootId);
    expect(texts(prompt?.activity)).toContain('Antwoorden met een vermelding werkt altijd');
  });

  it('hands out a working dashboard sign-in link in the personal chat', async () => {
    await app.close();
    const link = 'https://vijfvragen.example/auth/link?token=eyJh_bG-ci.x_y';
    app = await startTeamsTestApp({
      features: { dashboardLink: async () => ({ url: link, expiresAt: new Date('2026-11-23T09:30:00Z') }) },
    });
    await say(personalMessage(app.connector.url, ANOUK, 'dashboard'));
    expect(lastReply()?.conversationId).toBe(`a:personal-${ANOUK.aadObjectId}`);
    expect(String(lastReply()?.activity.text)).toContain(link);
  });

  it('keeps injected links and mentions inert in everything it posts', async () => {
    const { organisationId, roundId, rootId } = await installBindAndOpen();
    const hostile = '<at>Iedereen</at> [klik](http://evil.example) **vet** <a href="http://evil.example">bank</a>';
    await say(
      cardExecute(app.connector.url, ANOUK, rootId, 'vv_answers', { vv: 'vv_answers', roundId, q_done_well: hostile }),
    );
    await say(mentionInChannel(app.connector.url, ILSE, `koppel ${hostile}`));
    expect((await app.store.replies.listByRound(organisationId, roundId)).map((r) => r.text)).toContain(hostile);
    for (const sent of app.connector.sent) {
      const json = JSON.stringify(sent.activity);
      // No activity declares a mention, and markdown text never carries the link syntax.
      expect(json).not.toContain('"mentioned"');
      expect(String(sent.activity.text ?? '')).not.toMatch(/<at>|<a href|\]\(http/);
      // Card text is RichTextBlock/TextRun only: never parsed as markdown, so no link can hide in it.
      expect(json).not.toContain('"TextBlock"');
    }
  });
});
