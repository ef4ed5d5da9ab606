import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { guestRoutes } from '../../src/bot/web/guest-routes.js';
import { guestUrl, signGuestToken, verifyGuestToken } from '../../src/services/guest-token.js';
import { inviteGuest, revokeGuest } from '../../src/dialogues/guests/invite-guest.js';
import { openRound } from '../../src/dialogues/open-round.js';
import { recordAnswers } from '../../src/dialogues/record-reply.js';
import { MAX_GUEST_VIEWS } from '../../src/dialogues/limits.js';
import { closeDueRounds } from '../../src/dialogues/round-lifecycle.js';
import { forEachStore } from '../support/db.js';
import { buildOutcomeWorld, type OutcomeWorld } from '../support/outcome-scenario.js';

const HOUR = 3_600_000;
const HOSTILE = '<script>alert("x")</script> & <b>vet</b>';
let closeServer: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeServer?.();
  closeServer = null;
});

/** A closed round with three participants, one of whom wrote hostile HTML. */
async function closedRound(w: OutcomeWorld): Promise<string> {
  const opened = await openRound(w.deps, {
    organisationId: w.organisationId,
    teamId: w.team.id,
    trigger: 'ad_hoc',
    triggeredBy: null,
    template: null,
    theme: 'begrijpend lezen',
  });
  if (!opened.ok) throw new Error(opened.code);
  const roundId = opened.value.round.id;
  for (const [name, text] of [
    ['Anouk', 'We lezen elke dag.'],
    ['Bram', HOSTILE],
    ['Carla', 'Meer leesplezier.'],
  ] as const) {
    const person = await w.person(name);
    await recordAnswers(w.deps, {
      organisationId: w.organisationId,
      roundId,
      personId: person.id,
      source: 'web',
      platform: 'web',
      answers: [{ key: 'done_well', text }],
    });
  }
  w.deps.clock.advance(49 * HOUR);
  await closeDueRounds(w.deps);
  return roundId;
}

async function serve(w: OutcomeWorld): Promise<string> {
  const app = express();
  app.use(guestRoutes(w.deps));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (url: string, view: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ view }).toString(),
  });

forEachStore('guest links', (t) => {
  it('a valid link shows the anonymised summary, escapes hostile text and stores the view as an outside_view answer', async () => {
    const w = await buildOutcomeWorld(t.store);
    const coordinator = await w.person('Coördinator', 'coordinator');
    const roundId = await closedRound(w);
    const invited = await inviteGuest(w.deps, {
      organisationId: w.organisationId,
      actorPersonId: coordinator.id,
      roundId,
      name: 'MR <De Linde>',
    });
    if (!invited.ok) throw new Error(invited.code);
    const base = await serve(w);
    const url = guestUrl(base, await signGuestToken(w.deps.tokenSecret, invited.value));

    const page = await fetch(url);
    const body = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(body).toContain('MR &lt;De Linde&gt;, je bent uitgenodigd om mee te kijken met team Groep 7');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;');
    expect(body).not.toContain('<script>');
    expect(body).not.toMatch(/Anouk|Bram|Carla/);
    expect(body).toContain('3 antwoorden');

    const sent = await post(url, 'Mooi dat jullie <img src=x onerror=alert(1)> elke dag lezen.');
    const after = await sent.text();
    expect(sent.status).toBe(200);
    expect(after).toContain('Dank je!');
    expect(after).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const guestReplies = (await t.store.replies.listByRound(w.organisationId, roundId)).filter(
      (r) => r.source === 'guest',
    );
    expect(guestReplies).toEqual([
      expect.objectContaining({
        questionKey: 'outside_view',
        authorPersonId: null,
        platform: null,
        text: 'Mooi dat jullie <img src=x onerror=alert(1)> elke dag lezen.',
      }),
    ]);
    expect((await post(url, '   ')).status).toBe(400);

    const audit = (await t.store.audit.list(w.organisationId))
      .filter((a) => a.subject === `guest:${invited.value.id}`)
      .map((a) => a.action)
      .reverse();
    expect(audit).toEqual(['guest.invited', 'guest.viewed', 'guest.view_added', 'guest.viewed', 'guest.viewed']);
    expect((await t.store.guests.get(w.organisationId, invited.value.id))?.lastUsedAt).not.toBeNull();
  });

  it('stores at most MAX_GUEST_VIEWS views per link, however many are posted at once', async () => {
    const w = await buildOutcomeWorld(t.store);
    const coordinator = await w.person('Coördinator', 'coordinator');
    const roundId = await closedRound(w);
    const invited = await inviteGuest(w.deps, {
      organisationId: w.organisationId,
      actorPersonId: coordinator.id,
      roundId,
      name: 'MR',
    });
    if (!invited.ok) throw new Error(invited.code);
    const url = guestUrl(await serve(w), await signGuestToken(w.deps.tokenSecret, invited.value));

    const sent = await Promise.all(Array.from({ length: 50 }, (_, i) => post(url, `Bijdrage ${i}`)));
    const statuses = sent.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(MAX_GUEST_VIEWS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - MAX_GUEST_VIEWS);
    const refused = await sent[statuses.indexOf(429)]?.text();
    expect(refused).toContain(`Via deze link zijn al ${MAX_GUEST_VIEWS} bijdragen gegeven`);
    const stored = (await t.store.replies.listByRound(w.organisationId, roundId)).filter((r) => r.source === 'guest');
    expect(stored).toHaveLength(MAX_GUEST_VIEWS);
    const added = (await t.store.audit.list(w.organisationId, 500)).filter((a) => a.action === 'guest.view_added');
    expect(added).toHaveLength(MAX_GUEST_VIEWS);
    // Another reviewer's link has its own allowance.
    const other = await inviteGuest(w.deps, {
      organisationId: w.organisationId,
      actorPersonId: coordinator.id,
      roundId,
      name: 'Auditor',
    });
    if (!other.ok) throw new Error(other.code);
    expect(
      (
        await post(
          guestUrl(new URL(url).origin, await signGuestToken(w.deps.tokenSecret, other.value)),
          'Ook een blik.',
        )
      ).status,
    ).toBe(200);
  });

  it('refuses expired, revoked and tampered links, and invitations to open rounds or by non-coordinators', async () => {
    const w = await buildOutcomeWorld(t.store);
    const coordinator = await w.person('Coördinator', 'coordinator');
    const member = await w.person('Lid');
    const open = await openRound(w.deps, {
      organisationId: w.organisationId,
      teamId: w.other.id,
      trigger: 'ad_hoc',
      triggeredBy: null,
      template: null,
    });
    if (!open.ok) throw new Error(open.code);
    expect(
      await inviteGuest(w.deps, {
        organisationId: w.organisationId,
        actorPersonId: null,
        roundId: open.value.round.id,
        name: 'MR',
      }),
    ).toMatchObject({ ok: false, code: 'guest.round_open' });
    const roundId = await closedRound(w);
    expect(
      await inviteGuest(w.deps, { organisationId: w.organisationId, actorPersonId: member.id, roundId, name: 'MR' }),
    ).toMatchObject({ ok: false, code: 'permission.denied' });
    expect(
      await inviteGuest(w.deps, {
        organisationId: w.organisationId,
        actorPersonId: coordinator.id,
        roundId,
        name: '  ',
      }),
    ).toMatchObject({ ok: false, code: 'input.invalid' });

    const base = await serve(w);
    const invite = async (days?: number) => {
      const invited = await inviteGuest(w.deps, {
        organisationId: w.organisationId,
        actorPersonId: coordinator.id,
        roundId,
        name: 'Collega Het Anker',
        ...(days ? { days } : {}),
      });
      if (!invited.ok) throw new Error(invited.code);
      return { invitation: invited.value, token: await signGuestToken(w.deps.tokenSecret, invited.value) };
    };

    // Tampered: another signature, an altered payload, another secret.
    const { token } = await invite();
    const [head, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url');
    for (const bad of [
      `${head}.${payload}.${signature!.slice(0, -2)}xx`,
      `${head}.${forgedPayload}.${signature}`,
      'not-a-token',
    ]) {
      const res = await fetch(`${base}/guest/${bad}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Deze link is ongeldig.');
    }
    const otherSecret = await signGuestToken('another-secret-another-secret-another', (await invite()).invitation);
    expect((await verifyGuestToken(w.deps.tokenSecret, otherSecret, w.deps.clock.now())).status).toBe('invalid');
    expect((await fetch(`${base}/guest/${otherSecret}`)).status).toBe(404);

    // Revoked: the row says no, although the signature is fine.
    const revokedOne = await invite();
    expect((await fetch(guestUrl(base, revokedOne.token))).status).toBe(200);
    expect(
      await revokeGuest(w.deps, {
        organisationId: w.organisationId,
        actorPersonId: member.id,
        invitationId: revokedOne.invitation.id,
      }),
    ).toMatchObject({ ok: false, code: 'permission.denied' });
    expect(
      (
        await revokeGuest(w.deps, {
          organisationId: w.organisationId,
          actorPersonId: coordinator.id,
          invitationId: revokedOne.invitation.id,
        })
      ).ok,
    ).toBe(true);
    const revoked = await fetch(guestUrl(base, revokedOne.token));
    expect(revoked.status).toBe(410);
    expect(await revoked.text()).toContain('Deze link is ingetrokken.');
    expect((await post(guestUrl(base, revokedOne.token), 'toch nog')).status).toBe(410);

    // Expired: past its days, by the injected clock.
    const shortOne = await invite(1);
    w.deps.clock.advance(25 * HOUR);
    const expired = await fetch(guestUrl(base, shortOne.token));
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Deze link is verlopen.');
    expect((await post(guestUrl(base, shortOne.token), 'te laat')).status).toBe(410);

    expect((await t.store.replies.listByRound(w.organisationId, roundId)).filter((r) => r.source === 'guest')).toEqual(
      [],
    );
    const actions = (await t.store.audit.list(w.organisationId)).map((a) => a.action);
    expect(actions.filter((a) => a === 'guest.invited')).toHaveLength(4);
    expect(actions.filter((a) => a === 'guest.revoked')).toHaveLength(1);
  });
});
