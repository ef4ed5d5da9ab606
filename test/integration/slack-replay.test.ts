import { afterEach, expect, it } from 'vitest';
import { forEachStore } from '../support/db.js';
import { commandBody, fixture, interactionBody } from '../support/slack-requests.js';
import { ADMIN, ANOUK, CHANNEL, addPeople, bindAndOpenRound } from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';

const FORM = 'application/x-www-form-urlencoded';

forEachStore('Slack: a signed request takes effect once', (t) => {
  let app: SlackTestApp | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function started(): Promise<SlackTestApp> {
    app = await startSlackTestApp({ store: t.store });
    addPeople(app);
    return app;
  }
  /** The exact bytes Slack would send for `/vijfvragen <text>` by the admin in #groep-7. */
  const command = (text: string, trigger: string) =>
    commandBody(
      fixture<Record<string, string>>('command-vijfvragen', {
        team: WORKSPACE.teamId,
        channel: CHANNEL,
        channel_name: 'groep-7',
        user: ADMIN,
        user_name: 'admin',
        text,
        response_url: 'http://127.0.0.1:9/respond/1',
        trigger_id: trigger,
      }),
    );
  const rounds = async (a: SlackTestApp) => {
    const organisationId = (await a.store.workspaces.findOrganisation('slack', WORKSPACE.teamId)) ?? '';
    return a.store.rounds.list(organisationId, {});
  };

  it('opens one round when the same signed /vijfvragen ronde arrives three times, even all at once', async () => {
    const a = await started();
    expect((await a.command('koppel Groep 7', ADMIN, CHANNEL)).status).toBe(200);
    const timestamp = Math.floor(Date.now() / 1000);
    const body = command('ronde begrijpend lezen', 'trigger-replayed');
    const first = await a.raw(body, FORM, { timestamp });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('ronde');
    const replays = await Promise.all([a.raw(body, FORM, { timestamp }), a.raw(body, FORM, { timestamp })]);
    expect(replays.map((r) => r.status)).toEqual([200, 200]);
    expect(await Promise.all(replays.map((r) => r.text()))).toEqual(['', '']);
    expect(await rounds(a)).toHaveLength(1);

    // Three at once: still one.
    // A second open round in the team needs the coordinator's confirmation ('toch').
    const later = command('ronde toch rekenen', 'trigger-burst');
    await Promise.all([1, 2, 3].map(() => a.raw(later, FORM, { timestamp })));
    expect((await rounds(a)).map((r) => r.theme).sort()).toEqual(['begrijpend lezen', 'rekenen']);
  });

  it('lets a new request with the same text through: only the signed bytes are spent', async () => {
    const a = await started();
    await a.command('koppel Groep 7', ADMIN, CHANNEL);
    const body = command('ronde begrijpend lezen', 'trigger-1');
    const now = Math.floor(Date.now() / 1000);
    expect((await a.raw(body, FORM, { timestamp: now - 2 })).status).toBe(200);
    // Slack signs every delivery afresh: another timestamp is another request (here closing the
    // first round would be needed for a second one, so the answer says a round is already open).
    const again = await a.raw(body, FORM, { timestamp: now - 1 });
    expect(again.status).toBe(200);
    expect(await again.text()).not.toBe('');
  });

  it('refuses a timestamp more than five minutes ahead, and one more than five minutes old', async () => {
    const a = await started();
    await a.command('koppel Groep 7', ADMIN, CHANNEL);
    const now = Math.floor(Date.now() / 1000);
    expect((await a.raw(command('ronde uit de toekomst', 'trigger-f'), FORM, { timestamp: now + 6 * 60 })).status).toBe(
      401,
    );
    expect(
      (await a.raw(command('ronde uit het verleden', 'trigger-p'), FORM, { timestamp: now - 6 * 60 })).status,
    ).toBe(401);
    expect(await rounds(a)).toHaveLength(0);
    // A little clock skew either way is Slack's allowance, and ours.
    expect((await a.raw(command('ronde met klokverschil', 'trigger-s'), FORM, { timestamp: now + 60 })).status).toBe(
      200,
    );
    expect(await rounds(a)).toHaveLength(1);
  });

  it('ignores a replayed button press: the answer form opens once', async () => {
    const a = await started();
    const { roundId } = await bindAndOpenRound(a);
    const payload = fixture('block-actions-button', {
      team: WORKSPACE.teamId,
      user: ANOUK,
      user_name: 'anouk',
      channel: CHANNEL,
      message_ts: '1760000000.000001',
      trigger_id: 'trig-replayed',
      response_url: `${a.slack.origin}/respond/anouk`,
      action_id: 'vv_answer',
      value: roundId,
    });
    const body = interactionBody(payload);
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await a.raw(body, FORM, { timestamp })).status).toBe(200);
    expect(a.slack.callsTo('views.open')).toHaveLength(1);
    const replay = await a.raw(body, FORM, { timestamp });
    expect([replay.status, await replay.text()]).toEqual([200, '']);
    expect(a.slack.callsTo('views.open')).toHaveLength(1);
  });
});
