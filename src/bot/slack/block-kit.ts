import { ELLIPSIS, splitMrkdwn, truncateMrkdwn, truncatePlain } from './mrkdwn.js';

/**
 * Small Block Kit builders that keep Slack's limits, so no message is ever refused for being too
 * big: long text is split over several sections or cut with a visible "…". Text handed to the
 * mrkdwn builders must already be escaped (see `escapeMrkdwn`); plain_text needs no escaping.
 */
export type Block = Record<string, unknown>;

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  contextText: 2000,
  modalTitle: 24,
  modalButton: 24,
  buttonText: 75,
  buttonValue: 2000,
  inputLabel: 2000,
  plainTextInput: 3000,
  privateMetadata: 3000,
  optionText: 75,
  /** The notification text: Slack allows far more, but a phone shows a line or two. */
  fallbackText: 300,
} as const;

export const plain = (text: string, max: number) => ({
  type: 'plain_text',
  text: truncatePlain(text.trim() === '' ? ' ' : text, max),
  emoji: true,
});

export function header(text: string): Block {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

/** One or more sections: a text longer than a section allows continues in the next one. */
export function sections(mrkdwn: string, extra: Block = {}): Block[] {
  return splitMrkdwn(mrkdwn, LIMITS.sectionText).map((text, index) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: text === '' ? ' ' : text },
    ...(index === 0 ? extra : {}),
  }));
}

export function context(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(mrkdwn, LIMITS.contextText) }] };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block {
  if (value.length > LIMITS.buttonValue)
    throw new Error(`block-kit: button value over ${LIMITS.buttonValue} characters`);
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

export function actions(elements: Block[], blockId?: string): Block {
  return { type: 'actions', elements: elements.slice(0, 25), ...(blockId ? { block_id: blockId } : {}) };
}

/** Keeps at most `max` blocks; what does not fit is replaced by one "…" line, so the cut shows. */
export function fitBlocks(blocks: Block[], max: number = LIMITS.blocksPerMessage): Block[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), context(ELLIPSIS)];
}

/**
 * The notification / fallback text of a message: its first line, kept short. Slack parses this
 * text as mrkdwn too (and notifications show it), so it must be escaped like the blocks.
 */
export function fallback(escapedMrkdwn: string): string {
  return truncateMrkdwn(escapedMrkdwn.split('\n')[0] ?? '', LIMITS.fallbackText);
}
