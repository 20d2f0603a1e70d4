import type { types } from '@slack/bolt';
import { escapeMrkdwn, splitText } from './mrkdwn.js';

export type Block = types.KnownBlock;
export type Button = types.Button;
export type Message = { text: string; blocks: Block[] };

/** Block Kit limits (docs.slack.dev/reference/block-kit). */
export const limits = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  fallbackText: 3000,
  /**
   * chat.postMessage / chat.postEphemeral refuse more than about 12,000 characters of block text in
   * one message (`msg_blocks_too_long`, bolt-js #2509 and #2867), even when each block is within its
   * own limit; a post stays under this, with room for the labels around the text.
   */
  postText: 11_000,
} as const;

/** Cuts text to `max` characters at a word boundary, ending in "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The longest prefix of user text whose mrkdwn-escaped form fits in `max` characters (& < > grow
 * when escaped), cut after a line break or space past half of it when the text must be cut.
 */
export function escapedPrefix(text: string, max: number): string {
  let end = Math.min(text.length, max);
  while (escapeMrkdwn(text.slice(0, end)).length > max)
    end -= Math.max(1, Math.ceil((escapeMrkdwn(text.slice(0, end)).length - max) / 4));
  if (end < text.length) {
    const cut = Math.max(text.lastIndexOf('\n', end), text.lastIndexOf(' ', end));
    if (cut > end / 2) end = cut + 1;
  }
  return text.slice(0, end);
}

/** Escapes user text for mrkdwn and clips it to `max` characters after escaping (ending in "…"), never inside an entity. */
export function escapedClip(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return `${escapeMrkdwn(escapedPrefix(text, max - 1).trimEnd())}…`;
}

export const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** Sections for long mrkdwn text: as many as it takes, each within the section limit. */
export function sections(mrkdwn: string): Block[] {
  return splitText(mrkdwn, limits.sectionText).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
}

export function header(text: string): Block {
  return { type: 'header', text: plain(clip(text, limits.headerText)) };
}

export function context(...mrkdwn: string[]): Block {
  return {
    type: 'context',
    elements: mrkdwn
      .slice(0, limits.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: clip(text, 3000) })),
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  if (value.length > limits.buttonValue)
    throw new Error(`button value over ${limits.buttonValue} characters`);
  return {
    type: 'button',
    text: plain(clip(text, limits.buttonText)),
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

export function actionsBlock(blockId: string, buttons: Button[]): Block {
  return { type: 'actions', block_id: blockId, elements: buttons.slice(0, limits.actionsElements) };
}

/**
 * A message within Block Kit's limits: the content blocks are kept in order while they fit beside
 * the trailing blocks (buttons); whatever does not fit is replaced by a short note, never sent to
 * be rejected by Slack. `text` is the notification (fallback) text in mrkdwn: callers escape what
 * users or decks wrote, so the mentions they build themselves still work.
 */
export function message(text: string, content: Block[], trailing: Block[] = []): Message {
  const room = limits.messageBlocks - trailing.length;
  const kept =
    content.length <= room
      ? content
      : [
          ...content.slice(0, room - 1),
          context('_The rest is too long for one Slack message: see the deck file._'),
        ];
  return { text: clip(text, limits.fallbackText), blocks: [...kept, ...trailing] };
}

/** The characters of text a block carries, as Slack counts them toward a post's total. */
export function blockTextLength(block: Block): number {
  let total = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'text' && typeof child === 'string') total += child.length;
        else walk(child);
      }
    }
  };
  walk(block);
  return total;
}

/**
 * Long content as several posts: the blocks in order, packed into as few messages as fit Slack's
 * limits (blocks per message, and block text per post). The first message keeps `first` before
 * its blocks and `trailing` after them; the others open with `continued(n, total)`.
 */
export function postsOf(
  text: string,
  blocks: Block[],
  frame: { first: Block[]; trailing: Block[]; continued: (n: number, total: number) => Block },
): Message[] {
  const size = (list: Block[]) => list.reduce((sum, block) => sum + blockTextLength(block), 0);
  const marker = size([frame.continued(99, 99)]);
  const groups: Block[][] = [];
  let current: Block[] = [];
  let room = limits.postText - size(frame.first) - size(frame.trailing);
  let slots = limits.messageBlocks - frame.first.length - frame.trailing.length;
  for (const block of blocks) {
    const length = blockTextLength(block);
    if (current.length > 0 && (length > room || slots === 0)) {
      groups.push(current);
      current = [];
      room = limits.postText - marker;
      slots = limits.messageBlocks - 1;
    }
    current.push(block);
    room -= length;
    slots -= 1;
  }
  groups.push(current);
  return groups.map((group, index) =>
    index === 0
      ? { text: clip(text, limits.fallbackText), blocks: [...frame.first, ...group, ...frame.trailing] }
      : {
          text: clip(`${text} (continued)`, limits.fallbackText),
          blocks: [frame.continued(index + 1, groups.length), ...group],
        },
  );
}

/** A window saying one thing (the reply to a click inside a window), with only a Close button. */
export function noticeModal(title: string, text: string): types.ModalView {
  return { type: 'modal', title: plain(title), close: plain('Close'), blocks: sections(text) };
}

/** A message of one paragraph, for a one-line reply. */
export function note(text: string): Message {
  return message(text, sections(text));
}
