import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture } from '../support/slack-requests.js';
import { ANOUK, BRAM, CHANNEL, addPeople, bindAndOpenRound, commandText, newTs, threadMessage } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

describe('Slack: following up actions with list buttons', () => {
  let app: SlackTestApp;
  beforeEach(async () => {
    app = await startSlackTestApp();
    addPeople(app);
  });
  afterEach(async () => app.close());

  const click = (user: string, actionId: string, value: string) =>
    app.interact(fixture('block-actions-button', {
      team: WORKSPACE.teamId, user, user_name: user.toLowerCase(), channel: CHANNEL, message_ts: '1760000000.000001',
      trigger_id: `trig-${user}`, response_url: `${app.slack.origin}/respond/${user}`, action_id: actionId, value,
    }));

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
});
