import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anAction } from '../support/builders.js';
import { fixture } from '../support/slack-requests.js';
import {
  ADMIN,
  ANOUK,
  BRAM,
  CHANNEL,
  addPeople,
  bindAndOpenRound,
  commandText,
  newTs,
  threadMessage,
} from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

describe('Slack: following up actions with list buttons', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  // Slack gives every interaction its own trigger_id; two identical signed bodies are a replay.
  let interactions = 0;
  const click = (user: string, actionId: string, value: string) =>
    app.interact(
      fixture('block-actions-button', {
        team: WORKSPACE.teamId,
        user,
        user_name: user.toLowerCase(),
        channel: CHANNEL,
        message_ts: '1760000000.000001',
        trigger_id: `trig-${user}-${++interactions}`,
        response_url: `${app.slack.origin}/respond/${user}`,
        action_id: actionId,
        value,
      }),
    );

  it('lists a next_steps answer as an action with buttons that set its owner and status', async () => {
    const { organisationId, promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '5. Elke ochtend 20 minuten stillezen', newTs(), promptTs));
    const [action] = await app.store.actions.list(organisationId);
    expect(action).toMatchObject({ title: 'Elke ochtend 20 minuten stillezen', status: 'open' });

    const list = await commandText(await app.command('acties', ANOUK, CHANNEL));
    expect(list.text).toContain(`actie ${action!.id} status klaar`);
    await click(ANOUK, 'vv_command_0', `actie ${action!.id} eigenaar ik`);
    const anouk = await app.store.people.findByIdentity('slack', WORKSPACE.teamId, ANOUK);
    expect((await app.store.actions.get(organisationId, action!.id))?.ownerPersonId).toBe(anouk?.id);
    await click(ANOUK, 'vv_command_2', `actie ${action!.id} status klaar`);
    expect((await app.store.actions.get(organisationId, action!.id))?.status).toBe('done');
    expect(String(app.slack.responses.at(-1)?.body.text)).toContain('afgerond');

    // Anyone in the team's channel is part of the team, and may pick the action up again.
    await click(BRAM, 'vv_command_1', `actie ${action!.id} status bezig`);
    expect((await app.store.actions.get(organisationId, action!.id))?.status).toBe('in_progress');
    expect((await app.store.audit.list(organisationId)).filter((a) => a.action === 'action.updated')).toHaveLength(3);
  });

  it('takes the short team number in typed commands, and refuses a number no action has without changing anything', async () => {
    const { organisationId, promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '5. Elke ochtend 20 minuten stillezen', newTs(), promptTs));
    const [first] = await app.store.actions.list(organisationId);
    const second = await app.store.actions.create(
      anAction(organisationId, first!.teamId, {
        title: 'Leesouders vragen',
        createdAt: new Date(first!.createdAt.getTime() + 1000),
      }),
    );
    expect([first!.number, second.number]).toEqual([1, 2]);

    const list = await commandText(await app.command('acties', ANOUK, CHANNEL));
    expect(list.text).toContain('#1 Elke ochtend 20 minuten stillezen');
    expect(list.text).toContain('#2 Leesouders vragen');

    const done = await commandText(await app.command('actie #2 klaar', ANOUK, CHANNEL));
    expect(done.text).toContain('#2 Leesouders vragen');
    expect((await app.store.actions.get(organisationId, second.id))?.status).toBe('done');
    await commandText(await app.command('actie 1 bezig', ANOUK, CHANNEL));
    expect((await app.store.actions.get(organisationId, first!.id))?.status).toBe('in_progress');

    const before = await app.store.actions.list(organisationId);
    const audited = (await app.store.audit.list(organisationId)).length;
    const refused = await commandText(await app.command('actie #99 klaar', ANOUK, CHANNEL));
    expect(refused.text).toContain('Er is geen actie #99 in dit team');
    expect(await app.store.actions.list(organisationId)).toEqual(before);
    expect((await app.store.audit.list(organisationId)).length).toBe(audited);
  });
});

describe('Slack: an action number in a direct message', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  it('names the teams that have it, changes nothing, and a button picks one', async () => {
    const { organisationId, promptTs } = await bindAndOpenRound(app);
    await app.event(threadMessage(ANOUK, '5. Elke ochtend 20 minuten stillezen', newTs(), promptTs));
    const [seven] = await app.store.actions.list(organisationId);
    const team = await app.store.teams.get(organisationId, seven!.teamId);
    await app.store.teams.create({ id: 'groep-8', organisationId, schoolId: team!.schoolId, name: 'Groep 8' });
    const eight = await app.store.actions.create(anAction(organisationId, 'groep-8', { title: 'Bibliotheek' }));
    expect([seven!.number, eight.number]).toEqual([1, 1]);

    const DM = 'D0ADMIN01';
    const before = await app.store.actions.list(organisationId);
    const audited = (await app.store.audit.list(organisationId)).length;
    const reply = await commandText(await app.command('actie #1 klaar', ADMIN, DM));
    expect(reply.type).toBe('ephemeral');
    expect(reply.text).toContain('Meer teams hebben een actie #1: Groep 7, Groep 8. Er is niets gewijzigd.');
    expect(reply.text).toContain(`actie ${seven!.id} status klaar`);
    expect(reply.text).toContain(`actie ${eight.id} status klaar`);
    expect(reply.text).toContain('Kies Groep 8');
    expect(await app.store.actions.list(organisationId)).toEqual(before);
    expect((await app.store.audit.list(organisationId)).length).toBe(audited);

    await app.interact(
      fixture('block-actions-button', {
        team: WORKSPACE.teamId,
        user: ADMIN,
        user_name: 'admin',
        channel: DM,
        message_ts: '1760000000.000002',
        trigger_id: 'trig-dm-pick-1',
        response_url: `${app.slack.origin}/respond/${ADMIN}`,
        action_id: 'vv_command_0',
        value: `actie ${eight.id} status klaar`,
      }),
    );
    expect((await app.store.actions.get(organisationId, eight.id))?.status).toBe('done');
    expect((await app.store.actions.get(organisationId, seven!.id))?.status).toBe('open');
  });
});
