import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture } from '../support/slack-requests.js';
import {
  ADMIN,
  ANOUK,
  BRAM,
  CHANNEL,
  addPeople,
  bindAndOpenRound,
  commandText,
  flush,
  newTs,
  postedMrkdwn,
  threadMessage,
} from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { aSchedule, aTemplate } from './builders.js';

const HOSTILE = '<!channel> @here kijk <http://evil.example|jullie rooster> en <@U0ADMIN01>';

describe('Slack buttons, modals and the schedule form', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  // Slack gives every interaction its own trigger_id; two identical signed bodies are a replay.
  let interactions = 0;
  const click = (user: string, actionId: string, value: string, extra: Record<string, string> = {}) =>
    app.interact(
      fixture('block-actions-button', {
        team: WORKSPACE.teamId,
        user,
        user_name: user.toLowerCase(),
        channel: extra.channel ?? CHANNEL,
        message_ts: extra.message_ts ?? '1760000000.000001',
        trigger_id: `trig-${user}-${++interactions}`,
        response_url: `${app.slack.origin}/respond/${user}`,
        action_id: actionId,
        value,
      }),
    );

  function submission(
    user: string,
    callbackId: string,
    metadata: unknown,
    values: Record<string, Record<string, unknown>>,
  ) {
    const payload = fixture<{ view: { state: { values: unknown } } }>('view-submission', {
      team: WORKSPACE.teamId,
      user,
      user_name: user.toLowerCase(),
      trigger_id: `trig-${user}-submit-${++interactions}`,
      callback_id: callbackId,
      private_metadata: JSON.stringify(metadata),
    });
    payload.view.state.values = values;
    return app.interact(payload);
  }

  const answerValues = (answers: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(answers).map(([key, text]) => [`q_${key}`, { answer: { type: 'plain_text_input', value: text } }]),
    );

  it('opens the answer modal from the prompt button and stores, then edits, the answers', async () => {
    const { organisationId, roundId } = await bindAndOpenRound(app);
    expect((await click(ANOUK, 'vv_answer', roundId)).status).toBe(200);
    const opened = app.slack.callsTo('views.open');
    expect(opened).toHaveLength(1);
    const view = opened[0]?.params.view as {
      callback_id: string;
      blocks: { type: string }[];
      private_metadata: string;
    };
    expect(view.callback_id).toBe('vv_answers');
    expect(view.blocks.filter((b) => b.type === 'input')).toHaveLength(5);

    const saved = await submission(
      ANOUK,
      'vv_answers',
      { roundId },
      answerValues({ right_things: 'Ja', evidence: 'Cito', next_steps: '' }),
    );
    expect(await saved.json()).toMatchObject({ response_action: 'update' });
    await submission(
      ANOUK,
      'vv_answers',
      { roundId },
      answerValues({ right_things: 'Ja, grotendeels', evidence: 'Cito' }),
    );
    const stored = await app.store.replies.listByRound(organisationId, roundId);
    expect(stored.map((r) => [r.questionKey, r.text, r.source]).sort()).toEqual([
      ['evidence', 'Cito', 'form'],
      ['right_things', 'Ja, grotendeels', 'form'],
    ]);

    // Opening the form again prefills what was given.
    await click(ANOUK, 'vv_answer', roundId);
    expect(JSON.stringify(app.slack.callsTo('views.open')[1]?.params.view)).toContain('Ja, grotendeels');
    // App Home shows the round with what this person answered so far.
    await app.event(
      fixture('event-app-home-opened', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        user: ANOUK,
        event_id: 'EvHOMEANK1',
      }),
    );
    const home = JSON.stringify(app.slack.callsTo('views.publish')[0]?.params.view);
    expect(home).toContain('2 van 5');
    expect(home).toContain('Ja, grotendeels');
  });

  it('offers a coordinator "close the round" in App Home behind a confirm dialog; a teacher has no button and is refused', async () => {
    const { organisationId, roundId } = await bindAndOpenRound(app);
    const home = async (user: string, eventId: string) => {
      await app.event(
        fixture('event-app-home-opened', {
          team: WORKSPACE.teamId,
          bot_user: WORKSPACE.botUserId,
          user,
          event_id: eventId,
        }),
      );
      return JSON.stringify(app.slack.callsTo('views.publish').at(-1)?.params.view);
    };
    const adminHome = JSON.parse(await home(ADMIN, 'EvHOMECLOSE1')) as { blocks: Record<string, unknown>[] };
    const closeButton = adminHome.blocks
      .flatMap((b) => (b.type === 'actions' ? (b.elements as Record<string, unknown>[]) : []))
      .find((e) => e.action_id === 'vv_close_round');
    // Slack shows this dialog before the click reaches the bot.
    expect(closeButton).toMatchObject({
      value: roundId,
      style: 'danger',
      confirm: {
        title: { text: 'Ronde sluiten' },
        text: { text: expect.stringContaining('Weet je het zeker?') },
        confirm: { text: 'Ja, sluit de ronde' },
        deny: { text: 'Annuleren' },
        style: 'danger',
      },
    });
    expect(await home(ANOUK, 'EvHOMECLOSE2')).not.toContain('vv_close_round');

    // A forged click by a teacher is refused and closes nothing.
    await click(ANOUK, 'vv_close_round', roundId);
    expect((await app.store.rounds.get(organisationId, roundId))?.status).toBe('open');
    expect(String(app.slack.responses.at(-1)?.body.text)).toContain('coördinator');
    // The coordinator's confirmed click closes it.
    await click(ADMIN, 'vv_close_round', roundId);
    expect((await app.store.rounds.get(organisationId, roundId))?.status).toBe('closed');
    expect(app.slack.responses.at(-1)?.body).toMatchObject({ text: expect.stringContaining('is gesloten') });
  });

  it('shows a closed round as a field error on submit, and stores nothing', async () => {
    const { organisationId, roundId } = await bindAndOpenRound(app);
    await click(ANOUK, 'vv_answer', roundId);
    app.deps.clock.advance(49 * 3_600_000);
    const res = await submission(ANOUK, 'vv_answers', { roundId }, answerValues({ right_things: 'Ja' }));
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.values(body.errors).join()).toContain('gesloten');
    expect(await app.store.replies.listByRound(organisationId, roundId)).toHaveLength(0);
  });

  it('lets a channel member answer from a reminder DM, and refuses someone outside the channel', async () => {
    const { organisationId, roundId } = await bindAndOpenRound(app);
    app.slack.addUser(WORKSPACE.teamId, { id: 'U0VREEMD1', name: 'Buitenstaander' });
    await click(BRAM, 'vv_answer', roundId, { channel: 'D0BRAM001' });
    expect((app.slack.callsTo('views.open')[0]?.params.view as { callback_id?: string }).callback_id).toBe(
      'vv_answers',
    );
    await click('U0VREEMD1', 'vv_answer', roundId, { channel: 'D0VREEMD1' });
    const refused = app.slack.callsTo('views.open')[1]?.params.view as { callback_id?: string };
    expect(refused.callback_id).toBeUndefined();
    expect(JSON.stringify(refused)).toContain('geen lid');
    const outsider = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, 'U0VREEMD1');
    expect(await app.store.people.roles(organisationId, outsider?.id ?? '')).toEqual([]);
  });

  it('finds nothing for a round id of another organisation', async () => {
    await bindAndOpenRound(app);
    await click(ANOUK, 'vv_answer', 'round-of-someone-else');
    expect(JSON.stringify(app.slack.callsTo('views.open')[0]?.params.view)).toContain('bestaat niet');
  });

  it('keeps mention injection inert in everything the bot posts', async () => {
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    await click(BRAM, 'vv_answer', roundId);
    await submission(BRAM, 'vv_answers', { roundId }, answerValues({ next_steps: HOSTILE }));
    await app.event(threadMessage(ANOUK, `5. ${HOSTILE}`, newTs(), promptTs));
    expect(
      (await app.store.replies.listByRound(organisationId, roundId)).filter((r) => r.text === HOSTILE),
    ).toHaveLength(2);
    // The answers became actions; the next prompt and App Home list them, and a hostile theme too.
    await app.command(`ronde ${HOSTILE}`, ADMIN, CHANNEL);
    await flush(app);
    await app.event(
      fixture('event-app-home-opened', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        user: ADMIN,
        event_id: 'EvHOMEADM1',
      }),
    );
    const posted = postedMrkdwn(app);
    expect(posted).toContain('jullie rooster');
    expect(posted).not.toMatch(/<!channel>|<!here>|<@U|<http/);
    expect(posted).not.toMatch(/(^|[^\u2060])@here/);
  });

  it('opens the schedule modal for a coordinator and adds the schedule it submits', async () => {
    const { organisationId } = await bindAndOpenRound(app);
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
        remindAfterHours: 48,
        createdAt: app.deps.clock.now(),
      }),
    );
    const res = await app.command('schema nieuw', ADMIN, CHANNEL);
    expect(res.status).toBe(200);
    const view = app.slack.callsTo('views.open')[0]?.params.view as {
      callback_id: string;
      blocks: { block_id: string }[];
    };
    expect(view.callback_id).toBe('vv_schedule');
    expect(view.blocks.map((b) => b.block_id)).toEqual(
      expect.arrayContaining(['weekday', 'time', 'every_weeks', 'window_hours', 'visibility', 'share_while_open']),
    );
    // Pickers, not a cron field: a weekday list, Slack's time picker and whole numbers.
    expect(view.blocks.map((b) => b.block_id)).not.toContain('cron');
    const element = (id: string) =>
      (view.blocks.find((b) => b.block_id === id) as unknown as { element: Record<string, unknown> }).element;
    expect(element('time')).toMatchObject({ type: 'timepicker', initial_time: '09:00' });
    expect(element('every_weeks')).toMatchObject({ type: 'number_input', is_decimal_allowed: false, min_value: '1' });
    expect((element('weekday').options as { text: { text: string } }[]).map((o) => o.text.text)).toEqual([
      'maandag',
      'dinsdag',
      'woensdag',
      'donderdag',
      'vrijdag',
      'zaterdag',
      'zondag',
    ]);
    const values = {
      visibility: { value: { type: 'static_select', selected_option: { value: 'leaders' } } },
      share_while_open: { value: { type: 'checkboxes', selected_options: [] } },
      template: { value: { type: 'static_select', selected_option: { value: 'tpl-lezen' } } },
      teams: { value: { type: 'multi_static_select', selected_options: [{ value: team?.id ?? '' }] } },
      weekday: { value: { type: 'static_select', selected_option: { value: '1' } } },
      time: { value: { type: 'timepicker', selected_time: '25:00' } },
      every_weeks: { value: { type: 'number_input', value: '2' } },
      window_hours: { value: { type: 'number_input', value: null } },
      time_zone: { value: { type: 'plain_text_input', value: 'Mars/Olympus' } },
    };
    // A forged time the picker cannot make is refused under the time field, and nothing is stored.
    const badTime = (await (await submission(ADMIN, 'vv_schedule', {}, values)).json()) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(badTime).toMatchObject({ response_action: 'errors', errors: { time: expect.stringContaining('09:00') } });
    expect(await app.store.schedules.list(organisationId)).toEqual([]);
    values.time.value.selected_time = '09:00';
    const badZone = (await (await submission(ADMIN, 'vv_schedule', {}, values)).json()) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(badZone).toMatchObject({
      response_action: 'errors',
      errors: { time_zone: expect.stringContaining('Mars/Olympus') },
    });
    values.time_zone.value.value = 'Europe/Amsterdam';
    const ok = (await (await submission(ADMIN, 'vv_schedule', {}, values)).json()) as {
      response_action: string;
      view: unknown;
    };
    expect(ok.response_action).toBe('update');
    expect(JSON.stringify(ok.view)).toContain('Om de 2 weken op maandag om 09:00');
    expect(await app.store.schedules.list(organisationId)).toMatchObject([
      {
        templateId: 'tpl-lezen',
        cron: '0 9 * * 1',
        everyWeeks: 2,
        windowHours: null,
        timeZone: 'Europe/Amsterdam',
        teamIds: [team?.id],
        visibility: 'leaders',
        shareWhileOpen: null,
      },
    ]);
    // A teacher submitting the same form (a forged submission) is refused.
    const refused = (await (await submission(ANOUK, 'vv_schedule', {}, values)).json()) as {
      errors: Record<string, string>;
    };
    expect(Object.values(refused.errors).join()).toContain('coördinator');
  });

  it('runs a list button as the command it carries and answers through response_url', async () => {
    const { organisationId } = await bindAndOpenRound(app);
    const team = (await app.store.teams.findByName(organisationId, 'Groep 7'))[0];
    await app.store.templates.create(
      aTemplate(organisationId, {
        id: 'tpl-2',
        name: 'HRM',
        theme: 'hrm',
        aspect: 'hrm',
        questions: [{ key: 'evidence' }],
        metricKeys: [],
        responseWindowHours: 48,
        remindAfterHours: null,
        createdAt: app.deps.clock.now(),
      }),
    );
    await app.store.schedules.create(
      aSchedule(organisationId, 'tpl-2', [team?.id ?? ''], {
        id: 'sched-1',
        blackouts: [],
        createdAt: app.deps.clock.now(),
      }),
    );
    const list = await commandText(await app.command('schema', ADMIN, CHANNEL));
    expect(list.text).toContain('schema pauzeer sched-1');
    await click(ADMIN, 'vv_command_0', 'schema pauzeer sched-1');
    expect((await app.store.schedules.get(organisationId, 'sched-1'))?.paused).toBe(true);
    expect(app.slack.responses.at(-1)?.body).toMatchObject({
      replace_original: true,
      text: expect.stringContaining('gepauzeerd'),
    });
    // The same button pressed by a teacher does nothing but say who may.
    await click(ANOUK, 'vv_command_0', 'schema hervat sched-1');
    expect((await app.store.schedules.get(organisationId, 'sched-1'))?.paused).toBe(true);
    expect(String(app.slack.responses.at(-1)?.body.text)).toContain('coördinator');
  });
});
