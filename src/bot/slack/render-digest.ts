import type { DigestMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { digestView, type DigestLine } from '../digest/digest-view.js';
import { context, divider, fitBlocks, header, LIMITS, sections, type Block } from './block-kit.js';
import { escapeMrkdwn as esc, truncatePlain } from './mrkdwn.js';

export interface DigestRenderOptions {
  dashboardUrl?: string;
  chartUrl?: string;
}

/** Slack's limits on an image block. */
const IMAGE_URL_MAX = 3000;
const ALT_TEXT_MAX = 2000;

/**
 * A leader's digest as Block Kit: one section per part of the digest (`digestView` decides what
 * it says), the chart as an image block and the dashboard link. All text is escaped, so an answer
 * quoted in the digest cannot ping anyone or disguise a link, and the result stays within Slack's
 * 50 blocks and 3,000 characters per section.
 */
export function digestBlocks(message: DigestMessage, locale: Locale, options: DigestRenderOptions): Block[] {
  const view = digestView(message, locale);
  const blocks: Block[] = [header(view.title), context(esc(view.subtitle))];
  for (const section of view.sections) {
    blocks.push(divider(), ...sections(`*${esc(section.title)}*\n${section.lines.map(line).join('\n')}`));
  }
  const chartUrl = options.chartUrl ?? message.body.chartUrl ?? undefined;
  const dashboardUrl = options.dashboardUrl ?? message.body.dashboardUrl ?? undefined;
  // Room is kept for the closing blocks: the chart, the note and the link are never the part cut off.
  const tail: Block[] = [];
  if (chartUrl && isWebUrl(chartUrl) && chartUrl.length <= IMAGE_URL_MAX) {
    tail.push({
      type: 'image',
      image_url: chartUrl,
      alt_text: truncatePlain(t(locale, 'digest.chart_alt'), ALT_TEXT_MAX),
      title: { type: 'plain_text', text: truncatePlain(t(locale, 'digest.chart_title'), 2000) },
    });
  }
  tail.push(context(esc(view.note)));
  if (dashboardUrl && isWebUrl(dashboardUrl))
    tail.push(context(`<${linkTarget(dashboardUrl)}|${esc(t(locale, 'digest.dashboard_link'))}>`));
  return [...fitBlocks(blocks, LIMITS.blocksPerMessage - tail.length), ...tail];
}

function line(value: DigestLine): string {
  const mark = value.mark === 'good' ? '✅ ' : value.mark === 'bad' ? '⚠️ ' : '';
  const text = esc(value.text);
  if (value.quote) return `>${mark}_${text.replace(/_/g, '\u02CD')}_`;
  return `${value.indent ? '      ◦ ' : '• '}${mark}${text}`;
}

function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s<>|]+$/.test(value);
}

/** Inside `<url|label>` a `|` or `>` would end the URL early; our URLs have none, but encode to be sure. */
function linkTarget(url: string): string {
  return url.replace(/\|/g, '%7C').replace(/>/g, '%3E');
}
