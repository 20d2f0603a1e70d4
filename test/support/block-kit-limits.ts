/**
 * Checks a message against Block Kit's limits (slack-reference.md) and returns every violation, so
 * a test can assert that Slack would accept what we send.
 */
type AnyBlock = { type: string; [key: string]: unknown };
type TextObject = { type: string; text: string };

export function blockKitViolations(blocks: readonly unknown[], maxBlocks = 50): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (max ${maxBlocks})`);
  const ids = new Set<string>();
  (blocks as AnyBlock[]).forEach((block, index) => {
    const at = `block ${index} (${block.type})`;
    const blockId = block.block_id as string | undefined;
    if (blockId !== undefined) {
      if (ids.has(blockId)) problems.push(`${at}: duplicate block_id ${blockId}`);
      ids.add(blockId);
      if (blockId.length > 255) problems.push(`${at}: block_id over 255`);
    }
    if (block.type === 'section') {
      const text = block.text as TextObject | undefined;
      if (!text || text.text.length < 1 || text.text.length > 3000) {
        problems.push(`${at}: section text length ${text?.text.length}`);
      }
    }
    if (block.type === 'header') {
      const text = (block.text as TextObject).text;
      if (text.length > 150) problems.push(`${at}: header ${text.length} chars`);
    }
    if (block.type === 'context') {
      const elements = block.elements as TextObject[];
      if (elements.length < 1 || elements.length > 10)
        problems.push(`${at}: ${elements.length} context elements`);
      for (const e of elements)
        if (e.text.length > 3000 || e.text.length < 1) problems.push(`${at}: context text length`);
    }
    if (block.type === 'actions') {
      const elements = block.elements as Array<{ text: TextObject; value?: string; action_id: string }>;
      if (elements.length < 1 || elements.length > 25) problems.push(`${at}: ${elements.length} elements`);
      for (const e of elements) {
        if (e.text.text.length > 75) problems.push(`${at}: button text "${e.text.text}" over 75`);
        if ((e.value ?? '').length > 2000) problems.push(`${at}: button value over 2000`);
        if (e.action_id.length > 255) problems.push(`${at}: action_id over 255`);
      }
    }
  });
  return problems;
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
    for (const e of block.elements as Array<{ text: TextObject; value: string; action_id: string }>) {
      found.set(e.text.text, { action_id: e.action_id, value: e.value, block_id: String(block.block_id) });
    }
  }
  return found;
}
