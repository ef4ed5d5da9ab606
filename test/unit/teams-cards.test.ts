import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/bot/teams/teams-commands.js';
import { promptCard } from '../../src/bot/teams/prompt-card.js';
import { renderMessage } from '../../src/bot/teams/teams-render.js';
import { MAX_CARD_BYTES, cardBytes, escapeTeamsText } from '../../src/bot/teams/adaptive-card.js';
import type { OutgoingMessage, PromptMessage } from '../../src/dialogues/messages.js';
import { emptyDigestBody } from '../../src/dialogues/digest/digest-body.js';
import { MAX_REPLY_CHARS, SUMMARY_ANSWERS_PER_QUESTION, SUMMARY_EXCERPT_CHARS } from '../../src/dialogues/limits.js';
import { QUESTION_KEYS } from '../../src/dialogues/questions.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync('/work/shared/schemas/adaptive-card-1.5.schema.json', 'utf8')) as Record<
  string,
  unknown
>;
// As the schemas README says: the card schema names itself with draft-06 `id`.
const { id, ...rest } = schema;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
const validate = ajv.compile({ ...rest, $id: id as string });

const HOSTILE = '<at>Iedereen</at> [klik](http://evil.example) **vet** @channel';
const options = { timeZone: 'Europe/Amsterdam', dashboardUrl: 'https://vijfvragen.example/dashboard' };

const prompt: PromptMessage = {
  kind: 'round.prompt',
  roundId: 'round-1',
  teamName: `Groep 7 ${HOSTILE}`,
  theme: `begrijpend lezen ${HOSTILE}`,
  aspect: 'kwaliteitszorg',
  questions: QUESTION_KEYS.map((key) => ({ key })),
  anonymous: false,
  closesAt: '2026-11-25T08:00:00.000Z',
  outcomes: Array.from({ length: 30 }, (_, i) => ({
    metricKey: `m${i}`,
    name: `Eindtoets ${i} ${HOSTILE}`,
    unit: '%',
    value: 80 + (i % 10),
    target: 95,
    period: '2025-2026',
    change: i % 3 === 0 ? -2 : 1,
    higherIsBetter: true,
  })),
  openActions: Array.from({ length: 30 }, (_, i) => ({
    id: `a${i}`,
    number: i + 1,
    title: `Actie ${i} ${HOSTILE}`,
    status: 'open' as const,
    dueOn: '2026-12-01',
    ownerName: 'Ilse',
  })),
};

/** The biggest summary a round can make: every question at its answer limit, excerpts at full length, hostile names. */
const fullSummary: OutgoingMessage = {
  kind: 'round.summary',
  roundId: 'round-1',
  teamName: 'Groep 7',
  theme: HOSTILE,
  participants: 40,
  perQuestion: QUESTION_KEYS.map((key) => ({
    key,
    count: 40,
    answers: Array.from({ length: SUMMARY_ANSWERS_PER_QUESTION }, (_, i) => ({
      author: `Juf ${i} ${HOSTILE}`,
      text: `${HOSTILE} ${'ä'.repeat(SUMMARY_EXCERPT_CHARS)}`.slice(0, SUMMARY_EXCERPT_CHARS),
      cut: true,
    })),
    more: 40 - SUMMARY_ANSWERS_PER_QUESTION,
  })),
  generalRemarks: 3,
  actionsCreated: 2,
  withheld: null,
  minGroupSize: 3,
  interim: false,
  dashboardPath: 'rounds/round-1',
};

const messages: OutgoingMessage[] = [
  prompt,
  fullSummary,
  {
    kind: 'round.summary',
    roundId: 'round-1',
    teamName: 'Groep 7',
    theme: 'x',
    participants: 2,
    perQuestion: [{ key: 'evidence', count: 2 }],
    generalRemarks: 0,
    actionsCreated: 0,
    withheld: 'small_group',
    minGroupSize: 3,
    dashboardPath: 'rounds/round-1',
  },
  {
    kind: 'round.reminder',
    roundId: 'round-1',
    teamName: 'Groep 7',
    theme: HOSTILE,
    closesAt: '2026-11-25T08:00:00.000Z',
  },
  {
    kind: 'round.summary',
    roundId: 'round-1',
    teamName: 'Groep 7',
    theme: HOSTILE,
    participants: 4,
    perQuestion: [{ key: 'evidence', count: 3 }],
    generalRemarks: 1,
    actionsCreated: 2,
  },
  {
    kind: 'round.summary',
    roundId: 'round-1',
    teamName: 'Groep 7',
    theme: '',
    participants: 0,
    perQuestion: [],
    generalRemarks: 0,
    actionsCreated: 0,
  },
  { kind: 'notice', code: 'bound', params: { team: HOSTILE } },
  {
    kind: 'digest',
    week: '2026-W48',
    scopeName: HOSTILE,
    body: {
      ...emptyDigestBody({ from: '2026-11-23', to: '2026-11-29' }),
      teams: [
        {
          teamId: 't',
          teamName: HOSTILE,
          schoolName: 'De Linde',
          rounds: 2,
          members: 5,
          participants: 4,
          responseRate: 80,
          smallGroup: false,
        },
      ],
    },
  },
];

function cardsOf(activity: { attachments?: { content: unknown }[] }): unknown[] {
  return (activity.attachments ?? []).map((a) => a.content);
}

describe('Teams Adaptive Cards', () => {
  it('are valid Adaptive Cards 1.5 for every message kind and command reply', () => {
    const cards = [
      ...messages.flatMap((m) => cardsOf(renderMessage(m, 'nl', options))),
      ...messages.flatMap((m) => cardsOf(renderMessage(m, 'en', options))),
      promptCard(prompt, 'nl', {
        timeZone: 'Europe/Amsterdam',
        answerCount: 3,
        mine: { right_things: 'Ja', evidence: HOSTILE },
        refreshUserIds: ['29:1anouk'],
      }),
      promptCard(prompt, 'nl', { timeZone: 'Europe/Amsterdam', answerCount: 3, closed: true }),
      ...cardsOf(renderReply({ kind: 'help', title: 'Vijf Vragen', lines: ['help: deze uitleg'] }, 'nl', options)),
      ...cardsOf(
        renderReply(
          { kind: 'list', title: 'Acties', items: [{ id: '1', text: HOSTILE, commands: [] }], empty: 'geen' },
          'nl',
          options,
        ),
      ),
      ...cardsOf(renderReply({ kind: 'list', title: 'Acties', items: [], empty: 'geen' }, 'nl', options)),
    ];
    expect(cards.length).toBeGreaterThan(10);
    for (const card of cards) {
      const valid = validate(card);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('saves with Action.Execute, falls back to Action.Submit, and refreshes per person', () => {
    const card = promptCard(prompt, 'nl', {
      timeZone: 'Europe/Amsterdam',
      answerCount: 0,
      refreshUserIds: ['29:1anouk'],
    });
    expect(card.actions).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'vv_answers',
        data: { vv: 'vv_answers', roundId: 'round-1' },
        fallback: expect.objectContaining({ type: 'Action.Submit', data: { vv: 'vv_answers', roundId: 'round-1' } }),
      }),
      // Closing early: the press brings a confirm step, it closes nothing by itself.
      expect.objectContaining({
        type: 'Action.Execute',
        verb: 'vv_close',
        data: { vv: 'vv_close', roundId: 'round-1' },
      }),
    ]);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'vv_refresh', data: { vv: 'vv_refresh', roundId: 'round-1' } },
      userIds: ['29:1anouk'],
    });
    expect(card.body.filter((e) => e.type === 'Input.Text').map((e) => e.id)).toEqual(
      QUESTION_KEYS.map((k) => `q_${k}`),
    );
  });

  it('never lets text people typed become markdown, a link or a mention', () => {
    for (const message of messages) {
      const activity = renderMessage(message, 'nl', options);
      const json = JSON.stringify(activity);
      expect(json).not.toContain('"TextBlock"');
      expect(json).not.toContain('msteams');
      expect(activity.text).not.toMatch(/<at>|\]\(http/);
    }
    expect(escapeTeamsText('<a href="x">y</a> [a](http://b) @channel')).toBe(
      '&lt;a href="x"&gt;y&lt;/a&gt; [a]\u200B(http://b) @\u2060channel',
    );
    // Our own links (the dashboard sign-in link) stay whole.
    const link = 'https://vijfvragen.example/auth/link?token=eyJh_bG-ci.x_y';
    expect(
      renderReply({ kind: 'text', text: `Je dashboard: ${link}`, visibility: 'private' }, 'nl', options).text,
    ).toContain(link);
  });

  it('stays under Teams’ size limit, with the longest answers still there to edit', () => {
    const long = Object.fromEntries(QUESTION_KEYS.map((k) => [k, 'ë'.repeat(MAX_REPLY_CHARS)]));
    const card = promptCard(prompt, 'nl', { timeZone: 'Europe/Amsterdam', answerCount: 99, mine: long });
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(validate(card)).toBe(true);
    // Whatever did not fit is kept: an answer left out of its field is not cleared on save.
    const inputs = card.body.filter((e) => e.type === 'Input.Text');
    const shown = inputs.filter((e) => e.value === 'ë'.repeat(MAX_REPLY_CHARS)).map((e) => String(e.id).slice(2));
    const actions = card.actions as { data: { keep?: string[] } }[];
    expect([...shown, ...(actions[0]?.data.keep ?? [])].sort()).toEqual([...QUESTION_KEYS].sort());
    for (const message of messages)
      expect(cardBytes(renderMessage(message, 'nl', options))).toBeLessThanOrEqual(28_000);
  });

  it('a summary shows the answers with their authors as plain text runs, within the card size, with a link to the full text', () => {
    const activity = renderMessage(fullSummary, 'nl', options);
    const [content] = cardsOf(activity);
    expect(cardBytes(content)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const json = JSON.stringify(content);
    expect(json).toContain('"text":"Juf 0 <at>Iedereen</at> [klik](http://evil.example) **vet** @\u2060channel: "');
    expect(json).not.toContain('"type":"TextBlock"');
    expect(json).toContain('"url":"https://vijfvragen.example/dashboard/rounds/round-1"');
    expect(json).toContain(`en nog ${40 - SUMMARY_ANSWERS_PER_QUESTION} antwoorden`);
    expect(json.match(/"text":"Juf /g)?.length).toBe(QUESTION_KEYS.length * SUMMARY_ANSWERS_PER_QUESTION);
  });
});
