import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandFeatures } from '../../src/bot/commands/run-command.js';
import { emptyDigestBody } from '../../src/dialogues/digest/digest-body.js';
import { fixture } from '../support/slack-requests.js';
import {
  ADMIN,
  ANOUK,
  CHANNEL,
  addPeople,
  bindAndOpenRound,
  commandText,
  newTs,
  threadMessage,
} from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { aSchedule, aTemplate } from './builders.js';

/** An English-speaking workspace owner (owners, like admins, become coordinators). */
const EMMA = 'U0EMMA001';
const EN_CHANNEL = 'C0GROUP08';

const features: CommandFeatures = {
  async dashboardLink() {
    return {
      url: 'https://vijfvragen.example/auth/link?token=abc.def.ghi',
      expiresAt: new Date('2026-11-23T10:30:00.000Z'),
    };
  },
  async digestPreview(ctx) {
    return {
      kind: 'digest',
      week: '2026-W48',
      scopeName: `Preview for ${ctx.personId.slice(0, 4)}`,
      body: emptyDigestBody({ from: '2026-11-23', to: '2026-11-29' }),
    };
  },
};

describe('/vijfvragen in Dutch and in English', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp({ features });
    addPeople(app);
    app.slack.addUser(WORKSPACE.teamId, { id: EMMA, name: 'Emma', is_owner: true, locale: 'en-US' });
    app.slack.setMembers(EN_CHANNEL, [EMMA, WORKSPACE.botUserId]);
  });
  afterEach(async () => app.close());

  const nl = async (text: string, user = ADMIN, channel = CHANNEL) =>
    commandText(await app.command(text, user, channel));
  const en = async (text: string, user = EMMA, channel = EN_CHANNEL) =>
    commandText(await app.command(text, user, channel));
  const organisation = async () => (await app.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';

  it("help and unknown input: the command list, ephemeral, in the person's language", async () => {
    const hulp = await nl('help', ANOUK);
    expect(hulp).toMatchObject({ status: 200, type: 'ephemeral' });
    expect(hulp.text).toContain('koppel &lt;team&gt;');
    expect(hulp.text).toContain('schema [nieuw]');
    const help = await en('help');
    expect(help.type).toBe('ephemeral');
    expect(help.text).toContain('link &lt;team&gt;');
    const unknown = await en('please do something');
    expect(unknown.type).toBe('ephemeral');
    expect(unknown.text).toContain('I do not know that command.');
    expect((await nl('', ANOUK)).text).toContain('Vijf Vragen: commando');
  });

  it('koppel / link bind the channel (creating the team), ronde / round start a round', async () => {
    expect(await nl('koppel Groep 7')).toMatchObject({
      type: 'in_channel',
      text: expect.stringContaining('gekoppeld aan team Groep 7'),
    });
    expect(await en('link Group 8')).toMatchObject({
      type: 'in_channel',
      text: expect.stringContaining('bound to team Group 8'),
    });
    const organisationId = await organisation();
    const emma = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, EMMA);
    expect(await app.store.people.roles(organisationId, emma?.id ?? '')).toContainEqual(
      expect.objectContaining({ role: 'coordinator', scope: { kind: 'organisation' } }),
    );
    expect((await app.store.bindings.findByChannel('slack', WORKSPACE.teamId, EN_CHANNEL))?.name).toBe(
      `#${EN_CHANNEL.toLowerCase()}`,
    );
    expect(app.slack.callsTo('conversations.join').map((c) => c.params.channel)).toEqual([CHANNEL, EN_CHANNEL]);
    // A private channel the bot cannot join: bound, and the coordinator is told to invite the bot.
    app.slack.script('conversations.join', { error: 'method_not_supported_for_channel_type' });
    const privateChannel = await en('link Group 8', EMMA, 'G0PRIVATE1');
    expect(privateChannel).toMatchObject({ type: 'in_channel', text: expect.stringContaining('/invite @vijfvragen') });
    expect(await app.store.bindings.findByChannel('slack', WORKSPACE.teamId, 'G0PRIVATE1')).not.toBeNull();

    expect(await nl('ronde begrijpend lezen')).toMatchObject({
      type: 'ephemeral',
      text: expect.stringContaining('ronde gestart voor team Groep 7'),
    });
    expect(await en('round reading')).toMatchObject({
      type: 'ephemeral',
      text: expect.stringContaining('A round has started for team Group 8'),
    });
    const themes = (await app.store.rounds.list(organisationId, { status: 'open' })).map((r) => r.theme).sort();
    expect(themes).toEqual(['begrijpend lezen', 'reading']);
    // A round in a channel nobody bound is refused, and says so.
    expect((await en('round reading', EMMA, 'C0NOTBOUND')).type).toBe('ephemeral');
    expect(await app.store.rounds.list(organisationId)).toHaveLength(2);
  });

  it('schema / schedule: list, add through a modal, pause, resume and remove', async () => {
    await nl('koppel Groep 7');
    const organisationId = await organisation();
    const team = (await app.store.teams.findByName(organisationId, 'Groep 7'))[0];
    await app.store.templates.create(
      aTemplate(organisationId, {
        id: 'tpl-1',
        name: 'Lezen',
        theme: 'lezen',
        aspect: 'kwaliteitszorg',
        questions: [{ key: 'evidence' }],
        metricKeys: [],
        responseWindowHours: 48,
        remindAfterHours: null,
        createdAt: app.deps.clock.now(),
      }),
    );
    await app.store.schedules.create(
      aSchedule(organisationId, 'tpl-1', [team?.id ?? ''], {
        id: 'sched-1',
        blackouts: [],
        createdAt: app.deps.clock.now(),
      }),
    );

    const list = await nl('schema');
    expect(list.type).toBe('ephemeral');
    expect(list.text).toContain("Schema's");
    expect(list.text).toContain('Lezen: Elke maandag om 09:00');
    expect(list.text).toContain('"text":"Pauzeer"');
    expect((await en('schedule list')).text).toContain('"text":"Pause"');

    await nl('schema nieuw');
    await en('schedule add');
    const modals = app.slack
      .callsTo('views.open')
      .map((c) => c.params.view as { callback_id: string; title: { text: string } });
    expect(modals.map((v) => v.callback_id)).toEqual(['vv_schedule', 'vv_schedule']);
    expect(modals.map((v) => v.title.text)).toEqual(['Nieuw schema', 'New schedule']);

    expect((await en('schedule pause sched-1')).text).toContain('Schedule paused.');
    expect((await app.store.schedules.get(organisationId, 'sched-1'))?.paused).toBe(true);
    expect((await nl('schema hervat sched-1')).text).toContain('Schema hervat.');
    expect((await app.store.schedules.get(organisationId, 'sched-1'))?.paused).toBe(false);
    expect((await nl('schema verwijder sched-1', ANOUK)).text).toContain('coördinator');
    expect(await app.store.schedules.get(organisationId, 'sched-1')).not.toBeNull();
    expect((await en('schedule remove sched-1')).text).toContain('Schedule removed.');
    expect(await app.store.schedules.get(organisationId, 'sched-1')).toBeNull();
  });

  it("acties / actions list the team's open actions", async () => {
    const { promptTs } = await bindAndOpenRound(app);
    expect((await nl('acties', ANOUK)).text).toContain('geen openstaande acties');
    await app.event(threadMessage(ANOUK, '5. Een leesplan voor groep 5', newTs(), promptTs));
    const acties = await nl('acties', ANOUK);
    expect(acties.type).toBe('ephemeral');
    expect(acties.text).toContain('Een leesplan voor groep 5');
    const actions = await commandText(await app.command('actions', ANOUK, CHANNEL));
    expect(actions.text).toContain('Een leesplan voor groep 5');
  });

  it('digest: a preview for leaders only; dashboard: a short-lived link, both ephemeral', async () => {
    await nl('koppel Groep 7');
    const refused = await nl('digest', ANOUK);
    expect(refused.type).toBe('ephemeral');
    expect(refused.text).toContain('leidinggevende');
    const organisationId = await organisation();
    const anouk = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, ANOUK);
    await app.store.people.grantRole({
      organisationId,
      personId: anouk?.id ?? '',
      role: 'leader',
      scope: { kind: 'organisation' },
    });
    const digest = await nl('digest', ANOUK);
    expect(digest.type).toBe('ephemeral');
    expect(digest.text).toContain(`Preview for ${anouk?.id.slice(0, 4)}`);
    expect(digest.text).not.toContain('leidinggevende mag');

    const link = await en('dashboard');
    expect(link.type).toBe('ephemeral');
    expect(link.text).toContain('https://vijfvragen.example/auth/link?token=abc.def.ghi');
    // 10:30 UTC is 11:30 in Amsterdam, the organisation's time zone.
    expect(link.text).toContain('until 11:30');
  });

  it("tells how to bind when the bot is added to an unbound channel, in the organisation's language", async () => {
    await app.event(
      fixture('event-member-joined-channel', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        user: WORKSPACE.botUserId,
        channel: 'C0NIEUW02',
        inviter: ADMIN,
        event_id: 'EvJOINCMD1',
      }),
    );
    const hint = app.slack.posts('C0NIEUW02');
    expect(hint).toHaveLength(1);
    expect(hint[0]?.text).toContain('/vijfvragen koppel');
    // The bot joining a channel that is bound already says nothing.
    await nl('koppel Groep 7');
    await app.event(
      fixture('event-member-joined-channel', {
        team: WORKSPACE.teamId,
        bot_user: WORKSPACE.botUserId,
        user: WORKSPACE.botUserId,
        channel: CHANNEL,
        inviter: ADMIN,
        event_id: 'EvJOINCMD2',
      }),
    );
    expect(app.slack.posts(CHANNEL)).toHaveLength(0);
  });
});
