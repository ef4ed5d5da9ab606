import type { DigestMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { digestView, type DigestLine, type DigestSection } from '../digest/digest-view.js';
import {
  card,
  cardBytes,
  cleanText,
  MAX_CARD_BYTES,
  plain,
  truncate,
  type Card,
  type CardElement,
} from './adaptive-card.js';

export interface DigestCardOptions {
  dashboardUrl?: string;
  chartUrl?: string;
}

/**
 * A leader's digest as an Adaptive Card 1.5 (plain JSON, no botbuilder): the same sections as the
 * Slack digest (`digestView`), every line a TextRun so quoted answers are never read as markdown,
 * the chart as an Image and the dashboard as an OpenUrl action. Kept under Teams' message size by
 * shortening the longest sections first.
 *
 * @example
 * await context.sendActivity({ attachments: [attachment(digestCard(message, 'nl', { dashboardUrl }))] });
 */
export function digestCard(message: DigestMessage, locale: Locale, options: DigestCardOptions = {}): Card {
  const view = digestView(message, locale);
  const chartUrl = options.chartUrl ?? message.body.chartUrl ?? undefined;
  const dashboardUrl = options.dashboardUrl ?? message.body.dashboardUrl ?? undefined;
  const build = (sections: DigestSection[]): Card => {
    const body: CardElement[] = [
      plain(view.title, { weight: 'Bolder', size: 'Medium' }),
      plain(view.subtitle, { isSubtle: true }),
      ...sections.map(sectionContainer),
    ];
    if (chartUrl && /^https?:\/\//.test(chartUrl))
      body.push({
        type: 'Image',
        url: chartUrl,
        altText: t(locale, 'digest.chart_alt'),
        size: 'Stretch',
        spacing: 'Medium',
      });
    body.push(plain(view.note, { isSubtle: true, size: 'Small' }, 'Medium'));
    const actions =
      dashboardUrl && /^https?:\/\//.test(dashboardUrl)
        ? [{ type: 'Action.OpenUrl', title: t(locale, 'digest.dashboard_link'), url: dashboardUrl }]
        : [];
    return card(body, actions.length > 0 ? { actions } : {});
  };
  let sections = view.sections;
  let result = build(sections);
  while (cardBytes(result) > MAX_CARD_BYTES) {
    const longest = [...sections].sort((a, b) => b.lines.length - a.lines.length)[0];
    if (!longest || longest.lines.length <= 1) break;
    const keep = Math.max(1, Math.floor(longest.lines.length / 2));
    sections = sections.map((s) => (s === longest ? { ...s, lines: [...s.lines.slice(0, keep), { text: '…' }] } : s));
    result = build(sections);
  }
  return result;
}

function sectionContainer(section: DigestSection): CardElement {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    id: `digest-${section.id}`,
    items: [plain(section.title, { weight: 'Bolder' }), { type: 'RichTextBlock', inlines: section.lines.flatMap(run) }],
  };
}

/** One line as TextRuns: a mark in colour, the text itself, and a line break. */
function run(line: DigestLine, index: number): CardElement[] {
  const prefix = `${index > 0 ? '\n' : ''}${line.indent ? '    ' : '• '}`;
  const runs: CardElement[] = [{ type: 'TextRun', text: prefix }];
  if (line.mark)
    runs.push({
      type: 'TextRun',
      text: line.mark === 'good' ? '✔ ' : '✖ ',
      color: line.mark === 'good' ? 'Good' : 'Attention',
      weight: 'Bolder',
    });
  runs.push({ type: 'TextRun', text: cleanText(truncate(line.text, 1000)), ...(line.quote ? { italic: true } : {}) });
  return runs;
}
