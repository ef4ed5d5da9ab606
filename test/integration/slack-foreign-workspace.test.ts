import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/dialogues/ports.js';
import { forEachStore } from '../support/db.js';
import { commandBody, eventBody, fixture, interactionBody } from '../support/slack-requests.js';
import { ADMIN, CHANNEL, addPeople, bindAndOpenRound, newTs, threadMessage } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

/**
 * Single-workspace mode (SLACK_BOT_TOKEN) serves the one workspace auth.test names. A signed
 * request naming another team_id used to create a new organisation, make its sender coordinator
 * and bind an already bound channel a second time.
 */
const FOREIGN = 'T0ELDERS1';
const INTRUDER = 'U0INDRING';

async function snapshot(store: Store) {
  const organisations = await store.organisations.list();
  const perOrganisation = await Promise.all(
    organisations.map(async (o) => ({
      people: (await store.people.list(o.id)).map((p) => p.displayName).sort(),
      bindings: (await store.bindings.list(o.id)).map((b) => `${b.workspaceId}/${b.channelId}:${b.teamId}`).sort(),
      rounds: (await store.rounds.list(o.id)).length,
    })),
  );
  return {
    organisations: organisations.map((o) => o.id),
    perOrganisation,
    foreign: await store.workspaces.findOrganisation('slack', FOREIGN),
  };
}

forEachStore('Slack single-workspace mode refuses other workspaces', (t) => {
  let app: SlackTestApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it("ignores commands, events and interactions whose team_id is not the token's workspace", async () => {
    const slack = await startSlackTestApp({ store: t.store });
    app = slack;
    addPeople(slack);
    // What users.info would say about the sender, were the token's workspace asked: an admin.
    slack.slack.addUser(WORKSPACE.teamId, { id: INTRUDER, name: 'Indringer', is_admin: true });
    const { promptTs } = await bindAndOpenRound(slack);
    const before = await snapshot(t.store);

    const command = (text: string) =>
      fixture<Record<string, string>>('command-vijfvragen', {
        team: FOREIGN,
        channel: CHANNEL,
        channel_name: 'groep-7',
        user: INTRUDER,
        user_name: 'indringer',
        text,
        response_url: `${slack.slack.origin}/respond/x`,
        trigger_id: 'trigger-x',
      });
    for (const text of ['koppel Groep 9', 'ronde spionage', `rol <@${INTRUDER}> coordinator`, 'help']) {
      const response = await slack.raw(commandBody(command(text)), 'application/x-www-form-urlencoded');
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    }
    const events = [
      threadMessage(INTRUDER, '1. van buiten', newTs(), promptTs),
      fixture('event-app-home-opened', {
        team: FOREIGN,
        user: INTRUDER,
        event_id: 'EvFOREIGN02',
        bot_user: WORKSPACE.botUserId,
      }),
      fixture('event-member-joined-channel', {
        team: FOREIGN,
        user: INTRUDER,
        channel: CHANNEL,
        event_id: 'EvFOREIGN03',
        bot_user: WORKSPACE.botUserId,
        inviter: INTRUDER,
      }),
    ].map((event) => {
      // As Slack sends it from another workspace: that workspace in team_id and in the authorisations.
      const authorizations = (event as { authorizations?: Record<string, unknown>[] }).authorizations ?? [
        { user_id: WORKSPACE.botUserId, is_bot: true },
      ];
      return { ...event, team_id: FOREIGN, authorizations: authorizations.map((a) => ({ ...a, team_id: FOREIGN })) };
    });
    for (const event of events) expect((await slack.raw(eventBody(event), 'application/json')).status).toBe(200);
    const button = fixture('block-actions-button', {
      team: FOREIGN,
      user: INTRUDER,
      user_name: 'indringer',
      channel: CHANNEL,
      message_ts: promptTs,
      trigger_id: 't',
      response_url: `${slack.slack.origin}/respond/y`,
      action_id: 'vv_command_0',
      value: 'ronde spionage',
    });
    expect((await slack.raw(interactionBody(button), 'application/x-www-form-urlencoded')).status).toBe(200);

    expect(await snapshot(t.store)).toEqual(before);
    expect(before.foreign).toBeNull();
    // Nothing was sent on the intruder's behalf either.
    expect(slack.slack.calls.filter((c) => JSON.stringify(c.params).includes(INTRUDER))).toEqual([]);

    // The workspace itself is still served.
    const own = await slack.raw(
      commandBody({ ...command('help'), team_id: WORKSPACE.teamId, user_id: ADMIN }),
      'application/x-www-form-urlencoded',
    );
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('koppel');
  });
});
