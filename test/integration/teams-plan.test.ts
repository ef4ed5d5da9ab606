import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANOUK, CHANNEL, ILSE, TENANT, botAdded, cardExecute, mentionInChannel } from '../support/teams-activities.js';
import { startTeamsTestApp, type TeamsTestApp } from '../support/teams-test-app.js';
import { aTemplate } from './builders.js';

/** Every text a card carries. */
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

type InvokeBody = {
  statusCode: number;
  type: string;
  value: Record<string, unknown> & { body: Record<string, unknown>[] };
};

/** Planning without cron and closing with a confirm step, in Teams, with real-shaped activities. */
describe('Teams: the schedule card and the close confirmation', () => {
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
  const org = async () => (await app.store.workspaces.findOrganisation('teams', TENANT)) ?? '';

  async function installAndBind(): Promise<string> {
    await say(botAdded(app.connector.url, ILSE));
    await say(mentionInChannel(app.connector.url, ILSE, 'koppel Groep 7'));
    return org();
  }

  it('sends the planning form as a card and stores what it submits; a bad time comes back with the typed values', async () => {
    const organisationId = await installAndBind();
    const team = (await app.store.teams.findByName(organisationId, 'Groep 7'))[0];
    await app.store.templates.create(
      aTemplate(organisationId, {
        id: 'tpl-lezen',
        name: 'Begrijpend lezen',
        theme: 'begrijpend lezen',
        aspect: 'kwaliteitszorg',
        questions: [{ key: 'right_things' }],
        metricKeys: [],
        responseWindowHours: 72,
        remindAfterHours: null,
        createdAt: app.deps.clock.now(),
      }),
    );
    await say(mentionInChannel(app.connector.url, ILSE, 'schema nieuw'));
    const posted = JSON.stringify(app.connector.sent.at(-1)?.activity);
    // Pickers, not a cron field.
    for (const id of ['"weekday"', '"time"', '"every_weeks"', '"window_hours"', '"visibility"', '"teams"'])
      expect(posted).toContain(`"id":${id}`);
    expect(posted).toContain('"type":"Input.Time"');
    expect(posted).toContain('vv_schedule_save');
    expect(posted).toContain('woensdag');

    const form = {
      vv: 'vv_schedule_save',
      template: 'tpl-lezen',
      teams: team?.id ?? '',
      weekday: '3',
      time: '25:00',
      every_weeks: 2,
      window_hours: '',
      visibility: 'named',
      share_while_open: 'no',
      time_zone: 'Europe/Amsterdam',
    };
    const refused = (await (
      await say(cardExecute(app.connector.url, ILSE, 'form-1', 'vv_schedule_save', form))
    ).json()) as InvokeBody;
    expect(refused.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(texts(refused.value)).toContain('00:00 tot 23:59');
    expect(refused.value.body.find((e) => e.id === 'time')?.value).toBe('25:00');
    expect(refused.value.body.find((e) => e.id === 'weekday')?.value).toBe('3');
    expect(await app.store.schedules.list(organisationId)).toEqual([]);

    // A teacher's forged submit is refused and stores nothing.
    const teacher = (await (
      await say(cardExecute(app.connector.url, ANOUK, 'form-1', 'vv_schedule_save', { ...form, time: '14:30' }))
    ).json()) as InvokeBody;
    expect(texts(teacher.value)).toContain('Alleen een coördinator');
    expect(await app.store.schedules.list(organisationId)).toEqual([]);

    const saved = (await (
      await say(cardExecute(app.connector.url, ILSE, 'form-1', 'vv_schedule_save', { ...form, time: '14:30' }))
    ).json()) as InvokeBody;
    expect(texts(saved.value)).toContain('Om de 2 weken op woensdag om 14:30');
    expect(await app.store.schedules.list(organisationId)).toMatchObject([
      { cron: '30 14 * * 3', everyWeeks: 2, teamIds: [team?.id], visibility: 'named', windowHours: null },
    ]);
    // And every list reads it in words.
    await say(mentionInChannel(app.connector.url, ILSE, 'schema'));
    expect(texts(app.connector.sent.at(-1)?.activity)).toContain(
      'Begrijpend lezen: Om de 2 weken op woensdag om 14:30',
    );
  });

  it('asks to confirm before closing a round; a teacher cannot close it', async () => {
    const organisationId = await installAndBind();
    await say(mentionInChannel(app.connector.url, ILSE, 'ronde begrijpend lezen'));
    await app.flush();
    const round = (await app.store.rounds.list(organisationId))[0];
    const prompt = app.connector.postsTo(CHANNEL).find((s) => s.activityId === null && s.conversationId === CHANNEL);
    if (!round || !prompt) throw new Error('no round or prompt');
    expect(JSON.stringify(prompt.activity)).toContain('"verb":"vv_close"');

    const step = (await (
      await say(cardExecute(app.connector.url, ILSE, prompt.id, 'vv_close', { vv: 'vv_close', roundId: round.id }))
    ).json()) as InvokeBody;
    expect(texts(step.value)).toContain('Weet je het zeker?');
    expect(JSON.stringify(step.value)).toContain('"verb":"vv_close_yes"');
    expect((await app.store.rounds.get(organisationId, round.id))?.status).toBe('open');

    const teacher = (await (
      await say(
        cardExecute(app.connector.url, ANOUK, prompt.id, 'vv_close_yes', { vv: 'vv_close_yes', roundId: round.id }),
      )
    ).json()) as { value: unknown };
    expect(String(teacher.value)).toContain('coördinator');
    expect((await app.store.rounds.get(organisationId, round.id))?.status).toBe('open');

    await say(
      cardExecute(app.connector.url, ILSE, prompt.id, 'vv_close_yes', { vv: 'vv_close_yes', roundId: round.id }),
    );
    expect((await app.store.rounds.get(organisationId, round.id))?.status).toBe('closed');
  });
});
