import { blockErrors } from './slack-contract/block-kit.js';

type AnyBlock = { type: string; [key: string]: unknown };
type TextObject = { type: string; text: string };

/**
 * Every Block Kit rule the blocks break (the strict stand-in's own rules), so a builder's test can
 * assert that Slack would accept what it makes: a message (up to 50 blocks) or, with 100, a view.
 */
export function blockKitViolations(blocks: readonly unknown[], maxBlocks = 50): string[] {
  return blockErrors(blocks, maxBlocks > 50 ? 'home' : 'message');
}

/** The text of all section blocks, as a reader sees it. */
export function sectionTexts(blocks: readonly unknown[]): string[] {
  return (blocks as AnyBlock[]).filter((b) => b.type === 'section').map((b) => (b.text as TextObject).text);
}

/** Every visible text of a message (sections, headers, contexts, buttons), joined. */
export function visibleText(blocks: readonly unknown[]): string {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.text === 'string') out.push(record.text);
      for (const [key, child] of Object.entries(record)) if (key !== 'value' && key !== 'text') walk(child);
      if (record.text && typeof record.text === 'object') walk(record.text);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** The buttons of a message, by their label. */
export function buttons(
  blocks: readonly unknown[],
): Map<string, { action_id: string; value: string; block_id: string }> {
  const found = new Map<string, { action_id: string; value: string; block_id: string }>();
  for (const block of blocks as AnyBlock[]) {
    if (block.type !== 'actions') continue;
    for (const e of block.elements as Array<{ text?: TextObject; value: string; action_id: string }>) {
      if (!e.text) continue; // a select (the card's "Answer with one of my stories") is not a button
      found.set(e.text.text, { action_id: e.action_id, value: e.value, block_id: String(block.block_id) });
    }
  }
  return found;
}
