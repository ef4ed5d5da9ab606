import { readFileSync } from 'node:fs';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestText } from '../../src/bot/digest/digest-view.js';
import { renderPost } from '../../src/bot/web/web-post.js';
import { digestBlocks } from '../../src/bot/slack/render-digest.js';
import { LIMITS } from '../../src/bot/slack/block-kit.js';
import { renderMessage } from '../../src/bot/slack/slack-render.js';
import { cardBytes, MAX_CARD_BYTES } from '../../src/bot/teams/adaptive-card.js';
import { digestCard } from '../../src/bot/teams/digest-card.js';
import { buildDigest } from '../../src/dialogues/digest/build-digest.js';
import { emptyDigestBody } from '../../src/dialogues/digest/digest-body.js';
import type { DigestMessage } from '../../src/dialogues/messages.js';
import { testDeps } from '../support/builders.js';
import { HOSTILE, seedDigestBoard, WEEK } from '../support/digest-board.js';
import { createMemoryStore } from '../support/memory-store.js';
import { movableClock } from '../support/world.js';

const CHART = 'https://vv.example/charts/digest/o/p/2026-W47.png?sig=abc';
const DASHBOARD = 'https://vv.example/dashboard';
// Both packages are CommonJS with a `default` export; under NodeNext the default import is the module object.
const Ajv04 = Ajv04Module.default;
const addFormats = addFormatsModule.default;

let digest: DigestMessage;
beforeAll(async () => {
  const store = createMemoryStore();
  const board = await seedDigestBoard(store);
  const built = await buildDigest(
    testDeps(store, movableClock('2026-11-23T07:00:00Z')),
    { organisationId: board.organisationId, personId: board.boardLeader.id, week: WEEK },
    {
      minGroupSize: 3,
      excerptsPerQuestion: 10,
      links: () => ({ chartUrl: CHART, dashboardUrl: DASHBOARD }),
    },
  );
  if (!built.ok) throw new Error(built.code);
  digest = built.value;
});

/** A digest far bigger than any message allows, full of hostile text. */
function hugeDigest(): DigestMessage {
  const body = emptyDigestBody({ from: '2026-11-16', to: '2026-11-22' });
  const long = `${HOSTILE} `.repeat(40);
  body.teams = Array.from({ length: 300 }, (_, i) => ({
    teamId: `t${i}`,
    teamName: `Team ${i} ${HOSTILE}`,
    schoolName: 'School',
    rounds: 1,
    members: 5,
    participants: 4,
    responseRate: 80,
    smallGroup: false,
  }));
  body.questions = (['right_things', 'done_well', 'evidence', 'outside_view', 'next_steps'] as const).map((key) => ({
    key,
    answers: 50,
    excerpts: Array.from({ length: 20 }, () => ({ text: long, teamName: 'Team', authorName: null })),
  }));
  body.actions.created = Array.from({ length: 100 }, (_, i) => ({
    title: `${i} ${long}`,
    teamName: 'Team',
    status: 'open' as const,
    dueOn: null,
    ownerName: null,
  }));
  body.chartUrl = CHART;
  body.dashboardUrl = DASHBOARD;
  return { kind: 'digest', week: WEEK, scopeName: `Stichting ${HOSTILE}`, body };
}

function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allText);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allText);
  return [];
}

describe('digest rendering for Slack', () => {
  it('has every part of the digest, the chart image and the dashboard link', () => {
    const blocks = digestBlocks(digest, 'nl', {});
    const text = allText(blocks).join('\n');
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Weekoverzicht 2026-W47' } });
    for (const title of [
      'Rondes en respons per team',
      'Teams zonder dialoog',
      'Per vraag',
      'Resultaten tegen de norm',
      'Acties',
      'Fase per school',
    ])
      expect(text).toContain(title);
    expect(text).toContain('Groep 7 (De Linde): 1 ronde, respons 75% (3 van 4)');
    expect(text).toContain('Groep 8 (De Linde): 1 ronde; groep te klein om te tonen (minder dan 3)');
    expect(text).toContain('De Linde: fase 1, kwaliteitsactiviteiten');
    expect(blocks).toContainEqual(expect.objectContaining({ type: 'image', image_url: CHART }));
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${DASHBOARD}|Open het dashboard>` }],
    });
    expect(allText(digestBlocks(digest, 'en', {})).join('\n')).toContain('Rounds and response per team');
  });

  it('escapes quoted answers so they cannot ping a channel or disguise a link', () => {
    const text = allText(digestBlocks(digest, 'nl', {})).join('\n');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;https://evil.example|veilig&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).not.toMatch(/(^|[^\u2060])@here/);
  });

  it('stays within Slack limits however big the digest, keeping the chart and the link', () => {
    const message = renderMessage(hugeDigest(), 'nl', { timeZone: 'Europe/Amsterdam' });
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    for (const block of message.blocks) {
      if (block.type === 'section')
        expect((block.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      if (block.type === 'header')
        expect((block.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.headerText);
      if (block.type === 'context')
        for (const element of block.elements as { text: string }[])
          expect(element.text.length).toBeLessThanOrEqual(LIMITS.contextText);
    }
    expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(message.blocks.some((b) => b.type === 'image')).toBe(true);
    expect(JSON.stringify(message.blocks.at(-1))).toContain(DASHBOARD);
    expect(allText(message.blocks).join('\n')).not.toContain('<!channel>');
  });
});

describe('digest rendering for Teams (Adaptive Card 1.5)', () => {
  const schema = JSON.parse(readFileSync('/work/shared/schemas/adaptive-card-1.5.schema.json', 'utf8')) as Record<
    string,
    unknown
  >;
  // The schema file says draft-06 but uses draft-04's `id`; ajv-draft-04 reads it as written.
  delete schema.$schema;
  const ajv = new Ajv04({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is valid against the Adaptive Card 1.5 schema, in Dutch and English', () => {
    for (const locale of ['nl', 'en'] as const) {
      const card = digestCard(digest, locale);
      expect(validate(card), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(card.version).toBe('1.5');
    }
  });

  it('the schema check is real: a broken card is refused', () => {
    const card = digestCard(digest, 'nl');
    const broken = {
      ...card,
      body: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'x', color: 'Purple' }] }],
    };
    expect(validate(broken)).toBe(false);
  });

  it('carries the chart, the dashboard action and the quoted text as plain TextRuns', () => {
    const card = digestCard(digest, 'nl');
    expect(card.body).toContainEqual(expect.objectContaining({ type: 'Image', url: CHART }));
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open het dashboard', url: DASHBOARD }]);
    const runs = allText(card.body);
    expect(runs.some((text) => text.includes('[klik](https://evil.example)'))).toBe(true);
    expect(runs.join('\n')).not.toMatch(/@(channel|here)\b/);
    expect(JSON.stringify(card)).not.toContain('"type":"TextBlock"');
  });

  it('stays under the Teams message size and valid when the digest is huge', () => {
    const card = digestCard(hugeDigest(), 'nl');
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(validate(card), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});

describe('digest as a web page', () => {
  it('renders every section as escaped HTML with the chart', () => {
    const page = renderPost(digest, 'nl', 'Europe/Amsterdam').value;
    expect(page).toContain('Rondes en respons per team');
    expect(page).toContain(`src="${CHART.replace(/&/g, '&amp;')}"`);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
  });
});

describe('digest as text', () => {
  it('prints every section, the note and the links', () => {
    const text = digestText(digest, 'en');
    expect(text).toContain('Weekly digest 2026-W47');
    expect(text).toContain('Stichting Test · week 2026-W47 (2026-11-16 to 2026-11-22)');
    expect(text).toContain('Groep 3 (De Linde): never had a round');
    expect(text).toContain(
      'De Linde · Eindtoets 1F lezen (2025-2026): 91%, target 95% · below target · change since the previous figure: +3%',
    );
    expect(text).toContain('Groep 8 · Eindtoets 1F lezen (2025-2026): group too small to show');
    expect(text).toContain('Overdue (1)');
    expect(text).toContain(`Open the dashboard: ${DASHBOARD}`);
  });
});
