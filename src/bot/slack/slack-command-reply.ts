import type { Locale } from '../../dialogues/model.js';
import type { CommandReply } from '../commands/run-command.js';
import { actions, button, context, fallback, fitBlocks, sections, type Block } from './block-kit.js';
import { escapeMrkdwn as esc } from './mrkdwn.js';
import { ACTION } from './slack-render.js';
import { digestBlocks } from './render-digest.js';

/** A command's answer as a slash-command response body (or a response_url message). */
export interface SlackCommandResponse {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: Block[];
  replace_original?: boolean;
}

/**
 * Renders a CommandReply. Everything but a successful `koppel` is ephemeral: refusals and lists
 * are for the person who asked. Texts are translated already; here they are escaped.
 */
export function renderCommandReply(
  reply: CommandReply,
  locale: Locale,
  options: { dashboardUrl?: string } = {},
): SlackCommandResponse {
  switch (reply.kind) {
    case 'text': {
      const text = esc(reply.text);
      return {
        response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral',
        text: fallback(text),
        blocks: sections(text),
      };
    }
    case 'error': {
      const text = `:no_entry: ${esc(reply.text)}`;
      return { response_type: 'ephemeral', text: fallback(text), blocks: sections(text) };
    }
    case 'help': {
      const text = `*${esc(reply.title)}*\n${reply.lines.map((line) => `• ${esc(line)}`).join('\n')}`;
      return { response_type: 'ephemeral', text: fallback(esc(reply.title)), blocks: sections(text) };
    }
    case 'list': {
      const blocks: Block[] = sections(`*${esc(reply.title)}*`);
      if (reply.items.length === 0) blocks.push(...sections(esc(reply.empty)));
      reply.items.forEach((item, index) => {
        blocks.push(...sections(`• ${esc(item.text)}`));
        if (item.commands.length > 0) {
          blocks.push(
            actions(
              item.commands.map((c, j) => button(c.label, `${ACTION.command}_${j}`, c.command)),
              `item_${index}`,
            ),
          );
        }
      });
      return { response_type: 'ephemeral', text: fallback(esc(reply.title)), blocks: fitBlocks(blocks) };
    }
    case 'digest': {
      const blocks = digestBlocks(
        reply.message,
        locale,
        options.dashboardUrl ? { dashboardUrl: options.dashboardUrl } : {},
      ) as Block[];
      return {
        response_type: 'ephemeral',
        text: fallback(esc(`Digest ${reply.message.week}: ${reply.message.scopeName}`)),
        blocks: fitBlocks(blocks),
      };
    }
    case 'schedule_form':
      // Opened as a modal by the caller; this text only shows if that failed.
      return { response_type: 'ephemeral', text: '…', blocks: [context('…')] };
  }
}
