import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestService, type DigestService } from '../../src/services/digest-service.js';
import { chartPng } from '../../src/bot/charts/lazy-chart.js';
import { MAX_REPLY_CHARS } from '../../src/dialogues/limits.js';
import { closeRound } from '../../src/dialogues/round-lifecycle.js';
import { slackInstallationRepository } from '../../src/store/slack-installation-repository.js';
import { fixture } from '../support/slack-requests.js';
import {
  ADMIN,
  ANOUK,
  BRAM,
  CHANNEL,
  addPeople,
  bindAndOpenRound,
  flush,
  newTs,
  postedMrkdwn,
  threadMessage,
} from '../support/slack-scenario.js';
import { WORKSPACE, startSlackTestApp, type SlackTestApp } from '../support/slack-test-app.js';
import { freshDatabase, printFigures, type FreshDatabase } from './fault-support.js';

const HOSTILE = [
  '<!channel> iedereen moet NU reageren',
  '<!here|hier> en <!everyone> en @channel',
  '<@U0ADMIN01> jij bent ontslagen',
  'Zie <https://evil.example/login|het rooster van groep 7>',
  '[het rooster](https://evil.example/steal) *vet* _schuin_ ~weg~ `code`',
  'rapport\u202Efdp.exe is klaar \u2066geïsoleerd\u2069',
  '<script>alert(1)</script> &amp; &lt;b&gt;',
];
const HUGE = `${'Lang antwoord. '.repeat(Math.ceil(40_960 / 15))}`.slice(0, 40_960);
/** Slack's documented limits for what the bot posts. */
const LIMITS = {
  messageText: 40_000,
  blocks: 50,
  sectionText: 3_000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
};

/**
 * Scenario 10: hostile answers (broadcast mentions, disguised links, markup, right-to-left
 * overrides, 40 KB of text) go in through thread replies and the answer form, and come back out
 * in the next prompt (as open actions), the closing summary and the weekly digest. Nothing in
 * what the bot posts is live, and every Slack limit holds.
 */
describe('fault 10: hostile answers rendered into prompts, summaries and digests', () => {
  let database: FreshDatabase;
  let app: SlackTestApp;
  let digest: DigestService | undefined;
  beforeAll(async () => {
    database = await freshDatabase();
    app = await startSlackTestApp({
      store: database.store,
      installations: slackInstallationRepository(database.db),
      features: {
        async digestPreview(ctx) {
          const built = await digest?.build(ctx.organisationId, ctx.personId);
          return built?.ok ? built.value : null;
        },
      },
    });
    digest = createDigestService(
      app.deps,
      {
        publicUrl: 'https://vijfvragen.example',
        tokenSecret: app.config.tokenSecret,
        minGroupSize: 3,
        digestAt: { weekday: 1, hour: 7, minute: 30 },
      },
      chartPng,
    );
    addPeople(app);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('posts nothing live and stays within every limit', async () => {
    const { organisationId, roundId, promptTs } = await bindAndOpenRound(app);
    let sent = 0;
    let refused = 0;
    for (const text of [...HOSTILE, HUGE]) {
      sent += 1;
      await app.event(threadMessage(ANOUK, text, newTs(), promptTs));
    }
    for (const [user, i] of [
      [BRAM, 5],
      [ADMIN, 0],
      [ANOUK, 3],
    ] as const) {
      await app.interact(
        fixture('block-actions-button', {
          team: WORKSPACE.teamId,
          user,
          user_name: 'u',
          channel: CHANNEL,
          message_ts: promptTs,
          trigger_id: 't',
          response_url: `${app.slack.origin}/respond/b`,
          action_id: 'vv_answer',
          value: roundId,
        }),
      );
      const submission = fixture<{ view: { state: { values: unknown } } }>('view-submission', {
        team: WORKSPACE.teamId,
        user,
        user_name: 'u',
        trigger_id: 't',
        callback_id: 'vv_answers',
        private_metadata: JSON.stringify({ roundId }),
      });
      submission.view.state.values = {
        q_right_things: { answer: { type: 'plain_text_input', value: HOSTILE[i + 1] ?? '' } },
        q_evidence: { answer: { type: 'plain_text_input', value: HOSTILE[i + 2] ?? '' } },
        q_next_steps: { answer: { type: 'plain_text_input', value: HOSTILE[i] ?? '' } },
      };
      sent += [i, i + 1, i + 2].filter((k) => (HOSTILE[k] ?? '') !== '').length;
      const saved = (await (await app.interact(submission)).json().catch(() => ({}))) as { response_action?: string };
      if (saved.response_action === 'errors') refused += 3;
    }
    const stored = await database.store.replies.listByRound(organisationId, roundId);
    refused += sent - stored.length;
    await flush(app);
    const admin = await database.store.people.findByIdentity('slack', WORKSPACE.teamId, ADMIN);
    const closed = await closeRound(app.deps, organisationId, roundId, admin?.id ?? '');
    if (!closed.ok) throw new Error(`round not closed: ${closed.code}`);
    await flush(app);
    await app.command('ronde lezen', ADMIN, CHANNEL);
    await flush(app);
    const digestResponse = await app.command('digest', ADMIN, CHANNEL);
    const digestBody = await digestResponse.text();

    const out = `${postedMrkdwn(app)}\n${digestBody}`;
    const live = {
      broadcast: /<!(channel|here|everyone)/.test(out),
      userMention: out.includes('<@U0ADMIN01>'),
      // The bot's own links (dashboard, charts) are the only link syntax allowed.
      disguisedLink: /<(?!https:\/\/vijfvragen\.example)https?:[^>]*\|/.test(out),
      evilLinkSyntax: /<https?:\/\/evil/.test(out),
      rawScript: out.includes('<script>'),
      bidiOverride: /[\u202A-\u202E\u2066-\u2069]/.test(out),
    };
    // Limits, checked on every chat.postMessage the fake received and on the command answers.
    const problems: string[] = [];
    const checkBlocks = (where: string, blocks: unknown) => {
      if (!Array.isArray(blocks)) return;
      if (blocks.length > LIMITS.blocks) problems.push(`${where}: ${blocks.length} blocks`);
      for (const block of blocks as {
        type: string;
        text?: { text?: string };
        elements?: unknown[];
        fields?: { text?: string }[];
      }[]) {
        const max = block.type === 'header' ? LIMITS.headerText : LIMITS.sectionText;
        if ((block.text?.text?.length ?? 0) > max)
          problems.push(`${where}: ${block.type} text ${block.text?.text?.length}`);
        for (const field of block.fields ?? [])
          if ((field.text?.length ?? 0) > 2000) problems.push(`${where}: field ${field.text?.length}`);
        if (block.type === 'context' && (block.elements?.length ?? 0) > LIMITS.contextElements)
          problems.push(`${where}: context elements`);
        for (const element of (block.elements ?? []) as { type?: string; text?: { text?: string } | string }[]) {
          const text = typeof element.text === 'string' ? element.text : element.text?.text;
          if (element.type === 'button' && (text?.length ?? 0) > LIMITS.buttonText)
            problems.push(`${where}: button ${text?.length}`);
          if ((text?.length ?? 0) > LIMITS.sectionText) problems.push(`${where}: element ${text?.length}`);
        }
      }
    };
    const posts = app.slack.callsTo('chat.postMessage');
    for (const call of posts) {
      if (String(call.params.text ?? '').length > LIMITS.messageText)
        problems.push(`post text ${String(call.params.text).length}`);
      checkBlocks(`post ${call.params.channel}`, call.params.blocks);
    }
    const parsedDigest = JSON.parse(digestBody || '{}') as { text?: string; blocks?: unknown[] };
    checkBlocks('digest', parsedDigest.blocks);
    for (const r of app.slack.responses) checkBlocks(`response ${r.path}`, r.body.blocks);

    printFigures('10 hostile answers (Slack)', {
      sent,
      stored: stored.length,
      duplicated: 0,
      lost: 0,
      refused,
      posts: posts.length,
      digestChars: digestBody.length,
      live:
        Object.entries(live)
          .filter(([, v]) => v)
          .map(([k]) => k)
          .join(',') || 'none',
      limitProblems: problems.length,
      rtlTextRendered: out.includes('fdp.exe') ? 'yes' : 'no',
    });
    expect(stored.some((r) => r.text.length > MAX_REPLY_CHARS)).toBe(false);
    expect(live).toEqual({
      broadcast: false,
      userMention: false,
      disguisedLink: false,
      evilLinkSyntax: false,
      rawScript: false,
      bidiOverride: false,
    });
    expect(problems).toEqual([]);
    // The hostile text did make it through, as inert text: the test looked at the right posts.
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('fdp.exe');
    expect(digestBody.length).toBeGreaterThan(100);
  });
});
