import type { DigestMessage } from '../../dialogues/messages.js';
import type { Locale } from '../../dialogues/model.js';
import { t } from '../../i18n/index.js';
import { context, header, sections, type Block } from './block-kit.js';
import { escapeMrkdwn as esc } from './mrkdwn.js';

export interface DigestRenderOptions {
  dashboardUrl?: string;
  chartUrl?: string;
}

/**
 * A leader's digest as Block Kit. The digest body is built by the digest use case; until it
 * carries its structured sections this renders its plain lines, escaped like all user text.
 */
export function digestBlocks(message: DigestMessage, locale: Locale, options: DigestRenderOptions): Block[] {
  const lines = Array.isArray(message.body.lines) ? message.body.lines.filter((line): line is string => typeof line === 'string') : [];
  const blocks: Block[] = [header(`${t(locale, 'digest.title')} ${message.week}`), ...sections(`*${esc(message.scopeName)}*`)];
  if (lines.length > 0) blocks.push(...sections(lines.map((line) => esc(line)).join('\n')));
  if (options.chartUrl) blocks.push({ type: 'image', image_url: options.chartUrl, alt_text: t(locale, 'digest.chart_alt') });
  if (options.dashboardUrl) blocks.push(context(`<${options.dashboardUrl}|${esc(t(locale, 'digest.dashboard_link'))}>`));
  return blocks;
}
