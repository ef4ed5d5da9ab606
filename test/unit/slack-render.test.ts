import { describe, expect, it } from 'vitest';
import { answersFrom, answerModal } from '../../src/bot/slack/answer-modal.js';
import { LIMITS } from '../../src/bot/slack/block-kit.js';
import { escapeMrkdwn, splitMrkdwn, truncateMrkdwn, truncatePlain } from '../../src/bot/slack/mrkdwn.js';
import { renderCommandReply } from '../../src/bot/slack/slack-command-reply.js';
import { classifySlackError } from '../../src/bot/slack/slack-errors.js';
import { renderMessage, renderPrompt } from '../../src/bot/slack/slack-render.js';
import { webApi } from '@slack/bolt';
import type { PromptMessage } from '../../src/dialogues/messages.js';
import { SUMMARY_ANSWERS_PER_QUESTION, SUMMARY_EXCERPT_CHARS } from '../../src/dialogues/limits.js';
import { QUESTION_KEYS } from '../../src/dialogues/questions.js';
import type { Round } from '../../src/dialogues/model.js';

const HOSTILE = '<!channel> <!here> <@U0ADMIN> <http://evil.example|Bank> & @everyone';

/** Every text Slack would parse as mrkdwn in a list of blocks. */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const own = record.type === 'mrkdwn' && typeof record.text === 'string' ? [record.text] : [];
    return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
  }
  return [];
}

function prompt(overrides: Partial<PromptMessage> = {}): PromptMessage {
  return {
    kind: 'round.prompt',
    roundId: 'r-1',
    teamName: 'Groep 7',
    theme: 'begrijpend lezen',
    aspect: 'kwaliteitszorg',
    questions: [
      { key: 'right_things' },
      { key: 'done_well' },
      { key: 'evidence' },
      { key: 'outside_view' },
      { key: 'next_steps' },
    ],
    anonymous: false,
    closesAt: '2026-11-25T09:00:00.000Z',
    outcomes: [],
    openActions: [],
    ...overrides,
  };
}

describe('mrkdwn escaping', () => {
  it('turns every Slack control sequence into plain text', () => {
    const escaped = escapeMrkdwn(HOSTILE);
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).toContain('&lt;!channel&gt;');
    expect(escaped).toContain('&lt;http://evil.example|Bank&gt;');
    expect(escaped).toContain('&amp;');
    expect(escaped).not.toMatch(/@everyone\b/);
  });

  it('cuts with a visible ellipsis and never inside an entity', () => {
    const text = escapeMrkdwn('a'.repeat(9) + '&&&&');
    const cut = truncateMrkdwn(text, 12);
    expect(cut.length).toBeLessThanOrEqual(12);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/&[a-z]*…$/);
    expect(truncatePlain('Vijf Vragen voor begrijpend lezen', 24)).toHaveLength(24);
  });

  it('splits long text into pieces that each fit a section', () => {
    const long = Array.from({ length: 400 }, (_, i) => `regel ${i} met wat tekst &amp; meer`).join('\n');
    const pieces = splitMrkdwn(long, LIMITS.sectionText);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(pieces.join('\n').replace(/\s/g, '')).toBe(long.replace(/\s/g, ''));
  });
});

describe('Block Kit rendering', () => {
  it('renders the prompt with its questions and the answer button, people text escaped', () => {
    const { blocks, text } = renderPrompt(prompt({ theme: HOSTILE, teamName: '<@U0TEAM>' }), 'nl', 'Europe/Amsterdam');
    const all = mrkdwnTexts(blocks).join('\n') + text;
    expect(all).toContain('Doen we de goede dingen?');
    expect(all).toContain('Wat doen we ermee?');
    expect(all).not.toMatch(/<!channel>|<!here>|<@U0|<http/);
    expect(JSON.stringify(blocks)).toContain('"action_id":"vv_answer"');
  });

  it('shows the focus, the outcome figures with their targets, the questions in order, and the answer button', () => {
    const outcomes = [
      {
        metricKey: 'eindtoets_1f_lezen',
        name: 'Eindtoets 1F lezen',
        unit: '%',
        value: 91,
        target: 95,
        period: '2025',
        change: 2,
        higherIsBetter: true,
      },
      {
        metricKey: 'verzuim',
        name: 'Verzuim',
        unit: '%',
        value: 4,
        target: null,
        period: '2025',
        change: null,
        higherIsBetter: false,
      },
    ];
    const { blocks, text } = renderPrompt(prompt({ outcomes }), 'nl', 'Europe/Amsterdam');
    const header = blocks[0] as { type: string; text: { text: string } };
    expect(header.type).toBe('header');
    expect(header.text.text).toContain('begrijpend lezen');
    expect(text).toContain('begrijpend lezen');
    const body = mrkdwnTexts(blocks).join('\n');
    expect(body).toContain('Opbrengsten');
    expect(body).toContain('Eindtoets 1F lezen: 91% (doel 95%), +2 sinds vorige meting');
    expect(body).toContain('Verzuim: 4%');
    const questions = [
      'Doen we de goede dingen?',
      'Doen we de goede dingen goed?',
      'Hoe weten we dat?',
      'Wie laten we meekijken?',
      'Wat doen we ermee?',
    ];
    const at = questions.map((q, i) => body.indexOf(`*${i + 1}.* ${q}`));
    expect(at.every((index, i) => index >= 0 && (i === 0 || index > (at[i - 1] ?? 0)))).toBe(true);
    const button = blocks.find((b) => b.type === 'actions') as {
      elements: { text: { text: string }; value: string }[];
    };
    expect(button.elements[0]).toMatchObject({ text: { text: 'Antwoorden' }, value: 'r-1' });
    expect(body).toContain('begin een bericht in de draad met het nummer van de vraag');
  });

  it('keeps a huge prompt inside Slack limits, with the button still there and the cut visible', () => {
    const outcomes = Array.from({ length: 300 }, (_, i) => ({
      metricKey: `m${i}`,
      name: `Metriek ${i} ${'x'.repeat(40)}`,
      unit: '%',
      value: i,
      target: 95,
      period: '2025',
      change: 1,
      higherIsBetter: true,
    }));
    const openActions = Array.from({ length: 300 }, (_, i) => ({
      id: `a${i}`,
      number: i + 1,
      title: `Actie ${i} ${'y'.repeat(150)}`,
      status: 'open' as const,
      dueOn: null,
      ownerName: null,
    }));
    const { blocks } = renderPrompt(
      prompt({ theme: 't'.repeat(400), outcomes, openActions }),
      'en',
      'Europe/Amsterdam',
    );
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    for (const text of mrkdwnTexts(blocks)) expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const header = blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    expect(header.text.text.endsWith('…')).toBe(true);
    expect(JSON.stringify(blocks)).toContain('vv_answer');
  });

  it('renders notices and summaries from the catalogue', () => {
    const notice = renderMessage({ kind: 'notice', code: 'not_bound_hint', params: {} }, 'nl', {
      timeZone: 'Europe/Amsterdam',
    });
    expect(mrkdwnTexts(notice.blocks).join()).toContain('/vijfvragen koppel');
    const summary = renderMessage(
      {
        kind: 'round.summary',
        roundId: 'r',
        teamName: 'G7',
        theme: 'lezen',
        participants: 3,
        perQuestion: [{ key: 'evidence', count: 2 }],
        generalRemarks: 1,
        actionsCreated: 1,
      },
      'en',
      { timeZone: 'Europe/Amsterdam' },
    );
    expect(mrkdwnTexts(summary.blocks).join()).toContain('How do we know? (2)');
  });

  it('a summary lists the answers with escaped names within Slack limits, and links to the full text', () => {
    const perQuestion = QUESTION_KEYS.map((key) => ({
      key,
      count: 40,
      more: 40 - SUMMARY_ANSWERS_PER_QUESTION,
      answers: Array.from({ length: SUMMARY_ANSWERS_PER_QUESTION }, (_, i) => ({
        author: `Juf ${i} ${HOSTILE}`,
        text: `${HOSTILE}\n${'x'.repeat(SUMMARY_EXCERPT_CHARS)}`.slice(0, SUMMARY_EXCERPT_CHARS),
        cut: true,
      })),
    }));
    const summary = renderMessage(
      {
        kind: 'round.summary',
        roundId: 'r',
        teamName: 'G7',
        theme: 'lezen',
        participants: 40,
        perQuestion,
        generalRemarks: 1,
        actionsCreated: 1,
        withheld: null,
        minGroupSize: 3,
        interim: false,
        dashboardPath: 'rounds/r',
      },
      'nl',
      { timeZone: 'Europe/Amsterdam', dashboardUrl: 'https://vv.example/dashboard' },
    );
    expect(summary.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    const texts = mrkdwnTexts(summary.blocks);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const all = texts.join('\n');
    expect(all).toContain(`> *Juf 0 ${escapeMrkdwn(HOSTILE)}*: ${escapeMrkdwn(HOSTILE)} xxx`);
    expect(all).not.toMatch(/<!channel>|<@U0ADMIN>|<http:\/\/evil/);
    expect(all).toContain('<https://vv.example/dashboard/rounds/r|Alle antwoorden voluit op het dashboard>');
    expect(all).toContain(`en nog ${40 - SUMMARY_ANSWERS_PER_QUESTION} antwoorden`);

    const leaders = renderMessage(
      {
        kind: 'round.summary',
        roundId: 'r',
        teamName: 'G7',
        theme: 'lezen',
        participants: 4,
        perQuestion: [{ key: 'evidence', count: 4 }],
        generalRemarks: 0,
        actionsCreated: 0,
        withheld: 'leaders',
        dashboardPath: 'rounds/r',
      },
      'nl',
      { timeZone: 'Europe/Amsterdam' },
    );
    const leaderTexts = mrkdwnTexts(leaders.blocks).join('\n');
    expect(leaderTexts).toContain('alleen de leiding');
    expect(leaderTexts).not.toContain('geen antwoorden');
  });

  it('builds an answer modal within the modal limits, prefilled', () => {
    const round = {
      id: 'r-1',
      theme: 'x'.repeat(300),
      anonymous: true,
      questions: [{ key: 'right_things' }, { key: 'next_steps', phrasing: { nl: 'q'.repeat(2500) } }],
    } as unknown as Round;
    const view = answerModal(round, 'Groep 7', 'nl', { next_steps: 'Een leesplan' }) as {
      title: { text: string };
      blocks: { type: string; label?: { text: string }; element?: { initial_value?: string } }[];
    };
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs).toHaveLength(2);
    expect(inputs[1]?.label?.text.length).toBeLessThanOrEqual(LIMITS.inputLabel);
    expect(inputs[1]?.element?.initial_value).toBe('Een leesplan');
  });

  it('never cuts an earlier answer longer than a Slack field: no field for it, and saving leaves it alone', () => {
    const round = {
      id: 'r-2',
      theme: 'lezen',
      anonymous: false,
      questions: [{ key: 'right_things' }, { key: 'evidence' }],
    } as unknown as Round;
    const long = 'l'.repeat(LIMITS.plainTextInput + 1);
    const view = answerModal(round, 'Groep 7', 'nl', { right_things: long, evidence: 'Toetsen' }) as {
      blocks: { type: string; block_id?: string; element?: { initial_value?: string; max_length?: number } }[];
    };
    const inputs = view.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['q_evidence']);
    expect(inputs[0]?.element).toMatchObject({ initial_value: 'Toetsen', max_length: LIMITS.plainTextInput });
    expect(JSON.stringify(view.blocks)).toContain('langer dan Slack in een veld toelaat');
    expect(answersFrom(round, { q_evidence: { answer: { value: null } } })).toEqual([{ key: 'evidence', text: '' }]);
  });

  it('keeps a long command list under 50 blocks', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      id: `s${i}`,
      text: `schema ${i}`,
      commands: [{ label: 'pauzeer', command: `schema pauzeer s${i}` }],
    }));
    const reply = renderCommandReply({ kind: 'list', title: 'Schema’s', empty: '-', items }, 'nl');
    expect(reply.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(reply.response_type).toBe('ephemeral');
  });
});

describe('Slack error mapping', () => {
  it('tells certainly-not-posted from maybe-posted from never-will-work', () => {
    expect(classifySlackError(new webApi.WebAPIRateLimitedError(7))).toEqual({
      status: 'retry',
      reason: expect.any(String),
      retryAfterMs: 7000,
    });
    expect(classifySlackError(new webApi.WebAPIPlatformError({ ok: false, error: 'ratelimited' })).status).toBe(
      'retry',
    );
    expect(classifySlackError(new webApi.WebAPIPlatformError({ ok: false, error: 'channel_not_found' })).status).toBe(
      'failed',
    );
    expect(classifySlackError(new webApi.WebAPIPlatformError({ ok: false, error: 'not_in_channel' })).status).toBe(
      'failed',
    );
    expect(classifySlackError(new webApi.WebAPIPlatformError({ ok: false, error: 'is_archived' })).status).toBe(
      'failed',
    );
    expect(classifySlackError(new webApi.WebAPIPlatformError({ ok: false, error: 'invalid_auth' })).status).toBe(
      'failed',
    );
    expect(classifySlackError(new webApi.WebAPIHTTPError(503, 'Unavailable', {}, '')).status).toBe('unclear');
    const refused = new webApi.WebAPIRequestError(
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      }),
    );
    expect(classifySlackError(refused).status).toBe('retry');
    const reset = new webApi.WebAPIRequestError(
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      }),
    );
    expect(classifySlackError(reset).status).toBe('unclear');
  });
});
