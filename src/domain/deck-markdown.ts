import { createHash } from 'node:crypto';
import type { Nodes, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString as plainText } from 'mdast-util-to-string';
import {
  type Deck,
  type DeckError,
  deckSchema,
  type FollowUp,
  type Question,
  questionIdSchema,
  type Tips,
} from './deck.js';
import { eachStarPart, type StarPart, starLabels, starPartSchema, starParts } from './star.js';

/**
 * Parses a Markdown story deck (the format of the client's deck, described in README.md) into a Deck.
 *
 * The structure comes from the deck's top-level Markdown blocks (headings, paragraphs, lists, code
 * fences, with line numbers), read line by line when the deck is written as decks usually are
 * (`scanBlocks`), else by a CommonMark parser (`markdownBlocks`), with the same result either way; the
 * text of each answer part is the deck's own Markdown, sliced from the source between one label
 * and the next, so nothing the author wrote is lost or reformatted.
 *
 *   ## Leadership Stories              → category "Leadership"
 *   ### Question 1: Tell me about…     → a question; <!-- id: x --> inside it sets its id
 *   **Difficulty**: Principal          → metadata (also Interview Stage, Why Asked)
 *   #### STAR Answer                   → **Situation**: **Task**: **Action**: **Result**: **Principal-Level Insights**:
 *   #### Follow-up Questions           → **Q: question?** followed by its answer
 *   ### Practice Tips (or Key Takeaways, at any level) → numbered list shown by /star tips
 */
export type ParseResult = { ok: true; deck: Deck } | { ok: false; errors: DeckError[] };

/**
 * The version of what `parseDeckMarkdown` makes of a given text. Parsed decks are kept between
 * starts under a key that includes it (storage/deck-files.ts), so it changes with every change to
 * the parser's output or to the Deck schema: a deck parsed by an older parser is then parsed again.
 * (test/domain/deck-markdown.test.ts pins the parse of a sample deck to it, to catch a change.)
 */
export const deckFormat = 1;

type Part = StarPart | 'insights';

/** "Situation", "Task", …, and any "… Insights" label (Principal-Level, Staff-Level, Key). */
function partOf(label: string): Part | undefined {
  const name = label.toLowerCase();
  const star = starPartSchema.safeParse(name);
  if (star.success) return star.data;
  return /(^|[\s-])insights$/.test(name) ? 'insights' : undefined;
}

const questionHeading = /^(?:question|q)\s*(\d+)\s*[:.\-–—]\s*(.*)$/i;
const partLabel = /^\*\*\s*([A-Za-z][A-Za-z -]*?)\s*:?\s*\*\*\s*:?/;
/** `**Q: question?**` (answer follows) or `**Q:** question?` (the rest of the line is the question). */
const followUpLabel = /^\*\*\s*Q\s*[:.]\s*(?:\*\*\s*(.+?)\s*$|([^*][\s\S]*?)\s*\*\*)/;
const trailingRule = /(?:\n\s*(?:-{3,}|\*{3,}|_{3,})\s*)+$/;
const metadataLine = /^\*\*\s*([^*]+?)\s*:?\s*\*\*\s*:?\s*(.*?)\s*$/;
const idComment = /^<!--\s*id\s*:\s*(.*?)\s*-->$/i;
const tipsTitle = /practice tips|key takeaways/i;

type Span =
  | { kind: 'part'; part: Part; start: number }
  | { kind: 'follow-up'; question: string; start: number; line: number };

type Draft = {
  number: number;
  prompt: string;
  category: string | null;
  line: number;
  explicitId: string | null;
  meta: Map<string, string>;
  parts: Partial<Record<Part, string>>;
  followUps: FollowUp[];
  block: 'meta' | 'star' | 'follow-ups' | 'other';
};

function slugify(value: string, max: number): string {
  const slug = value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const hash = createHash('sha1').update(value.trim().toLowerCase()).digest('hex').slice(0, 6);
  // A prompt in a script without Latin letters still needs a distinct id.
  if (slug.length < 3)
    return `q-${createHash('sha1').update(value.trim().toLowerCase()).digest('hex').slice(0, 10)}`;
  if (slug.length <= max) return slug;
  // Too long: keep whole words, and a short hash so two long prompts sharing a beginning still differ.
  const cut = slug.slice(0, max - 7);
  const atWord = cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut;
  return `${atWord}-${hash}`;
}

/** The id a question gets when its deck gives none: deck name and prompt, so edits to answers keep it. */
export function derivedQuestionId(deckName: string, prompt: string): string {
  return `${slugify(deckName, 40)}/${slugify(prompt, 72)}`;
}

/** Quotes around an answer are cosmetic: a leading quote goes, and the closing one if there is one. */
function unquote(text: string): string {
  const trimmed = text.trim().replace(trailingRule, '').trim();
  if (!/^["“]/.test(trimmed)) return trimmed;
  return trimmed
    .replace(/^["“]\s*/, '')
    .replace(/\s*["”]$/, '')
    .trim();
}

/** The lines of a block with the offset each starts at. */
function linesOf(raw: string, start: number): Array<{ text: string; offset: number; index: number }> {
  const lines: Array<{ text: string; offset: number; index: number }> = [];
  let offset = start;
  raw.split('\n').forEach((text, index) => {
    lines.push({ text, offset, index });
    offset += text.length + 1;
  });
  return lines;
}

function categoryName(heading: string): string {
  return heading.replace(/\s+stories\s*$/i, '').trim();
}

export function parseDeckMarkdown(input: string, file: string, deckName: string): ParseResult {
  // The Markdown parser skips a byte-order mark; drop it so offsets match the source.
  const source = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  return readDeck(source, scanBlocks(source) ?? markdownBlocks(source), file, deckName);
}

/**
 * A block at the top level of a deck's Markdown, as much of it as reading the deck needs: where it
 * starts and ends (offsets in the source) and its first line; a heading's level and plain text; a
 * list's items (where each one's content starts and ends; null for an empty item); an HTML block's text.
 */
export type Block =
  | { type: 'heading'; depth: number; text: string; start: number; end: number; line: number }
  | {
      type: 'list';
      items: Array<{ start: number; end: number } | null>;
      start: number;
      end: number;
      line: number;
    }
  | { type: 'html'; value: string; start: number; end: number; line: number }
  | { type: 'paragraph' | 'thematicBreak' | 'code' | 'other'; start: number; end: number; line: number };

/** The blocks as the Markdown parser (mdast-util-from-markdown, CommonMark) reads them. */
export function markdownBlocks(source: string): Block[] {
  const offset = (node: Nodes, edge: 'start' | 'end') => node.position?.[edge].offset ?? 0;
  return fromMarkdown(source).children.map((node: RootContent): Block => {
    const where = {
      start: offset(node, 'start'),
      end: offset(node, 'end'),
      line: node.position?.start.line ?? 1,
    };
    switch (node.type) {
      case 'heading':
        return { type: 'heading', depth: node.depth, text: plainText(node).trim(), ...where };
      case 'list':
        return {
          type: 'list',
          items: node.children.map((item) => {
            const first = item.children[0];
            return first ? { start: offset(first, 'start'), end: offset(item, 'end') } : null;
          }),
          ...where,
        };
      case 'html':
        return { type: 'html', value: node.value, ...where };
      case 'paragraph':
      case 'thematicBreak':
      case 'code':
        return { type: node.type, ...where };
      default:
        return { type: 'other', ...where };
    }
  });
}

/** `#`…`######` and a space (or nothing): an ATX heading, its level and its text. */
const atxHeading = /^(#{1,6})(?: +(.*))?$/;
/** What could make a heading's plain text differ from its source text (markup, escapes, entities, a closing `#`). */
const headingMarkup = /[#\\`*_[\]<>]|&(?:#\d|#x|[a-z])/i;
const thematicBreak = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const setextUnderline = /^ {0,3}(?:=+|-+) *$/;
/** A list item's marker, the spaces after it, and its content (from its first character that is not a space). */
const listMarker = /^(?:([-+*])|(\d{1,9})([.)]))( +)([^ ].*)?$/;
/** A line only a marker: an empty list item (or a setext underline). */
const bareMarker = /^(?:[-+*]|\d{1,9}[.)]) *$/;
/** Starts of blocks this reader leaves to the Markdown parser: code fences, HTML (and quotes, but at the top level). */
const unreadStart = /^(?:```|~~~|>|<)/;

/**
 * A line that could start a link reference definition (`[label]: url`, whose label may go on over
 * lines): not read here. `[text](url)` and other text in brackets is a paragraph's.
 */
function mayDefine(text: string): boolean {
  if (!text.startsWith('[')) return false;
  const close = text.indexOf(']');
  const inner = text.indexOf('[', 1);
  return close < 0 || text.includes('\\') || (inner >= 0 && inner < close) || text[close + 1] === ':';
}
/** An HTML comment on one line (`<!-- id: … -->`): an HTML block of that line. */
const oneLineComment = /^<!--(?!-?>).*?-->/;

/** The spaces a line starts with (CommonMark's indentation: spaces, not any white space). */
function spacesAt(line: string): number {
  let count = 0;
  while (line.charCodeAt(count) === 32) count++;
  return count;
}

/**
 * A list item's marker at the start of `line`: its kind (the bullet, or the delimiter of a number),
 * its number, where its content starts, and that content. Items whose content is empty or starts
 * with indented code (five spaces or more) are not read here (`plain` is false).
 */
type Marker = { kind: string; number: string | undefined; content: number; text: string; plain: boolean };

function markerOf(line: string): Marker | undefined {
  const match = listMarker.exec(line);
  if (!match) return undefined;
  const [, bullet, number, delimiter, spaces = ' ', text = ''] = match;
  const width = (bullet ?? `${number}${delimiter}`).length;
  return {
    kind: bullet ?? delimiter ?? '',
    number,
    content: width + spaces.length,
    text,
    plain: text !== '' && spaces.length <= 4,
  };
}

/**
 * The blocks of a deck read line by line, as the Markdown parser reads them (`markdownBlocks`), for
 * Markdown as decks are written: ATX headings, paragraphs, lists (nested, with lazy lines), block
 * quotes of text, rules and one-line HTML comments, each block starting at the start of its line.
 * Anything else (code fences, indented code, other HTML, setext headings, link definitions, tabs,
 * markup in headings, …) gives undefined, and the deck is read by the Markdown parser instead: the
 * same blocks either way (test/domain/deck-scan.test.ts compares the two on generated decks), some
 * 30× faster for the decks it reads (the bench's 1,000 questions, on a busy machine: 0.4 s, not 11 s).
 */
export function scanBlocks(source: string): Block[] | undefined {
  if (/[\t\r\0]/.test(source)) return undefined;
  const blocks: Block[] = [];
  type Where = { start: number; end: number; line: number };
  /**
   * The block still open: a paragraph; a list, with the content indent of its last item and the
   * kind of its markers; a block quote, with whether its last line was text (then the next line
   * without `>` may go on with it).
   */
  let open:
    | (Where & { type: 'paragraph' })
    | (Where & { type: 'list'; width: number; kind: string; items: Array<{ start: number; end: number }> })
    | (Where & { type: 'quote'; text: boolean })
    | undefined;
  const close = () => {
    if (open?.type === 'list') {
      const { start, end, line, items } = open;
      blocks.push({ type: 'list', start, end, line, items });
    } else if (open) {
      const { start, end, line } = open;
      blocks.push({ type: open.type === 'quote' ? 'other' : 'paragraph', start, end, line });
    }
    open = undefined;
  };
  /** Text inside a list item or a quote: false if it starts a block this reader leaves alone. */
  const readable = (text: string): boolean => {
    let rest = text;
    for (let marker = markerOf(rest); marker; marker = markerOf(rest)) {
      if (!marker.plain) return false;
      rest = marker.text;
    }
    return !(
      atxHeading.test(rest) ||
      thematicBreak.test(rest) ||
      setextUnderline.test(rest) ||
      bareMarker.test(rest) ||
      unreadStart.test(rest) ||
      mayDefine(rest)
    );
  };
  /** A block quote's line after its `>`: whether it is text (not blank); undefined if not read here. */
  const quoted = (text: string): boolean | undefined => {
    const content = text.slice(1).replace(/^ /, '');
    const indent = spacesAt(content);
    if (indent === content.length) return false;
    return indent < 4 && readable(content.slice(indent)) ? true : undefined;
  };
  let blank = true; // the line before was blank (or there was none)
  let offset = 0;
  const lines = source.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] as string;
    const start = offset;
    const end = offset + text.length;
    offset = end + 1;
    const line = index + 1;
    const indent = spacesAt(text);
    if (indent === text.length) {
      if (open?.type !== 'list') close();
      blank = true;
      continue;
    }
    const rest = text.slice(indent);
    const wasBlank = blank;
    blank = false;
    if (open?.type === 'list') {
      if (indent >= open.width) {
        // Inside the item (indented code inside it after a blank line: not read here).
        if (wasBlank && indent >= open.width + 4) return undefined;
        if (!readable(rest)) return undefined;
        open.end = end;
        (open.items.at(-1) as { end: number }).end = end;
        continue;
      }
      const marker = indent <= 3 ? markerOf(rest) : undefined;
      if (marker && marker.kind === open.kind) {
        // The list's next item.
        if (!readable(rest)) return undefined;
        open.width = indent + marker.content;
        open.items.push({ start: start + indent + marker.content, end });
        open.end = end;
        continue;
      }
      if (!wasBlank && !atxHeading.test(text)) {
        // A lazy line of the item's last paragraph, unless it starts a block of its own.
        if (indent <= 3 && (marker || bareMarker.test(rest) || oneLineComment.test(rest))) return undefined;
        if (!readable(rest)) return undefined;
        open.end = end;
        (open.items.at(-1) as { end: number }).end = end;
        continue;
      }
      close();
    }
    if (open?.type === 'quote') {
      if (indent <= 3 && rest.startsWith('>')) {
        const text = quoted(rest);
        if (text === undefined) return undefined;
        open.text = text;
        open.end = end;
        continue;
      }
      if (open.text && indent >= 4) {
        open.end = end;
        continue;
      }
      if (open.text) {
        // A lazy line of the quote's last paragraph, unless it starts a block of its own.
        if (markerOf(rest) || oneLineComment.test(rest) || !readable(rest)) return undefined;
        open.end = end;
        continue;
      }
      close();
    }
    if (open?.type === 'paragraph') {
      if (indent >= 4) {
        open.end = end;
        continue;
      }
      const quote = rest.startsWith('>');
      if (!quote && (setextUnderline.test(rest) || thematicBreak.test(rest) || unreadStart.test(rest))) {
        // A one-line comment at the start of its line ends the paragraph; other HTML is not read here.
        if (!(indent === 0 && oneLineComment.test(rest))) return undefined;
      }
      const marker = markerOf(rest);
      // A list interrupts a paragraph with an item that has content, and a numbered one from 1 only.
      const interrupts =
        quote ||
        atxHeading.test(rest) ||
        oneLineComment.test(rest) ||
        (marker !== undefined && marker.text !== '' && (marker.number ?? '1') === '1');
      if (!interrupts) {
        open.end = end;
        continue;
      }
      if (indent > 0) return undefined;
      close();
    }
    // A block starts here: at the start of the line (indented: code, or not read here).
    if (indent > 0) return undefined;
    const heading = atxHeading.exec(text);
    if (heading) {
      const content = (heading[2] ?? '').trim();
      if (headingMarkup.test(content)) return undefined;
      blocks.push({ type: 'heading', depth: (heading[1] as string).length, text: content, start, end, line });
      continue;
    }
    if (thematicBreak.test(text)) {
      blocks.push({ type: 'thematicBreak', start, end, line });
      continue;
    }
    if (oneLineComment.test(text)) {
      blocks.push({ type: 'html', value: text, start, end, line });
      continue;
    }
    if (text.startsWith('>')) {
      const quoteText = quoted(text);
      if (quoteText === undefined) return undefined;
      open = { type: 'quote', start, end, line, text: quoteText };
      continue;
    }
    if (setextUnderline.test(text) || bareMarker.test(text) || unreadStart.test(text) || mayDefine(text))
      return undefined;
    const marker = markerOf(text);
    if (marker) {
      if (!readable(text)) return undefined;
      const items = [{ start: start + marker.content, end }];
      open = { type: 'list', start, end, line, width: marker.content, kind: marker.kind, items };
      continue;
    }
    open = { type: 'paragraph', start, end, line };
  }
  close();
  return blocks;
}

/** The deck in `source` (without a byte-order mark), from its blocks. */
export function readDeck(
  source: string,
  blocks: readonly Block[],
  file: string,
  deckName: string,
): ParseResult {
  const errors: DeckError[] = [];
  const fail = (line: number, message: string) => errors.push({ file, line, message });
  const sourceOf = (block: Block) => source.slice(block.start, block.end);

  let title: string | null = null;
  let category: string | null = null;
  let question: Draft | null = null;
  let span: Span | null = null;
  let tips: Tips | null = null;
  const questions: Question[] = [];
  const allTips: Tips[] = [];

  const closeSpan = (end: number) => {
    if (!span || !question) return;
    const text = unquote(source.slice(span.start, end));
    if (span.kind === 'part') {
      question.parts[span.part] = text;
    } else if (text === '') {
      fail(span.line, `follow-up "${span.question}" has no answer`);
    } else {
      question.followUps.push({ question: span.question, answer: text, source: { file, line: span.line } });
    }
    span = null;
  };

  const closeQuestion = (end: number) => {
    closeSpan(end);
    if (question) finishQuestion(question);
    question = null;
  };

  const closeTips = () => {
    if (tips && tips.items.length > 0) allTips.push(tips);
    tips = null;
  };

  const finishQuestion = (draft: Draft) => {
    const missing = starParts.filter((part) => !draft.parts[part]);
    if (draft.prompt === '') fail(draft.line, 'the question has an empty prompt');
    if (draft.category === null) {
      fail(draft.line, 'the question stands outside any "## Category" section');
    }
    if (missing.length > 0) {
      const names = missing.map((part) => `**${starLabels[part]}**`).join(', ');
      fail(
        draft.line,
        `question ${draft.number} has no ${names} (a model answer needs Situation, Task, Action and Result)`,
      );
    }
    if (draft.prompt === '' || draft.category === null || missing.length > 0) return;
    const stage = draft.meta.get('interview stage') ?? null;
    const probability = stage ? /\((\d{1,3}(?:\.\d+)?)\s*%[^)]*\)/.exec(stage) : null;
    questions.push({
      id: draft.explicitId ?? derivedQuestionId(deckName, draft.prompt),
      deck: deckName,
      number: draft.number,
      category: draft.category,
      prompt: draft.prompt,
      stage: stage ? stage.replace(/\s*\([^)]*%[^)]*\)\s*/, ' ').trim() || null : null,
      stageProbability: probability ? Math.min(100, Number(probability[1])) : null,
      difficulty: draft.meta.get('difficulty') ?? null,
      whyAsked: draft.meta.get('why asked') ?? null,
      answer: {
        ...eachStarPart((part) => draft.parts[part] ?? ''),
        insights: draft.parts.insights || null,
      },
      followUps: draft.followUps,
      source: { file, line: draft.line },
    });
  };

  const onHeading = (node: Block & { type: 'heading' }) => {
    const { text, start } = node;
    if (node.depth >= 5) return false; // deeper headings are content
    if (node.depth === 4) {
      if (!question) {
        if (/star\s+answer|follow[\s-]*ups?/i.test(text)) {
          fail(
            node.line,
            `"#### ${text}" outside a question: a question starts with "### Question N: prompt"`,
          );
        }
        closeTips();
        if (tipsTitle.test(text)) tips = { title: text, items: [] };
        return true;
      }
      closeSpan(start);
      if (/star\s+answer/i.test(text)) question.block = 'star';
      else if (/follow[\s-]*ups?/i.test(text)) question.block = 'follow-ups';
      else {
        fail(
          node.line,
          `unexpected heading "#### ${text}" in a question: use "#### STAR Answer" or "#### Follow-up Questions"`,
        );
        question.block = 'other';
      }
      return true;
    }
    closeQuestion(start);
    closeTips();
    if (node.depth === 1) {
      title ??= text;
      return true;
    }
    if (node.depth === 2) category = categoryName(text);
    const match = node.depth === 3 ? questionHeading.exec(text) : null;
    if (match) {
      question = {
        number: Number(match[1]),
        prompt: (match[2] ?? '').trim(),
        category,
        line: node.line,
        explicitId: null,
        meta: new Map(),
        parts: {},
        followUps: [],
        block: 'meta',
      };
    } else if (node.depth === 3 && /^question\b/i.test(text)) {
      fail(node.line, `expected "### Question N: prompt", found "### ${text}"`);
    }
    if (tipsTitle.test(text)) tips = { title: text, items: [] };
    return true;
  };

  /** Starts a STAR part or a follow-up at each label line of a paragraph (labels need no blank line between them). */
  const onLabelledParagraph = (draft: Draft, raw: string, start: number, line: number) => {
    for (const { text, offset: at, index } of linesOf(raw, start)) {
      if (draft.block === 'star') {
        const label = partLabel.exec(text);
        const part = label?.[1] ? partOf(label[1]) : undefined;
        if (label && part) {
          closeSpan(at);
          if (draft.parts[part] !== undefined)
            fail(line + index, `question ${draft.number} has a second **${label[1]}**`);
          span = { kind: 'part', part, start: at + label[0].length };
          continue;
        }
        if (!span) fail(line + index, 'text before the first **Situation**: in the STAR answer');
      } else {
        const label = followUpLabel.exec(text);
        const question = (label?.[1] ?? label?.[2])?.trim();
        if (label && question) {
          closeSpan(at);
          span = { kind: 'follow-up', question, start: at + label[0].length, line: line + index };
          continue;
        }
        if (!span) fail(line + index, 'a follow-up answer must follow a **Q: question** line');
      }
      if (!span) return; // one error per paragraph is enough
    }
  };

  const onContent = (node: Block) => {
    if (tips && node.type === 'list') {
      for (const item of node.items) {
        const text = item ? source.slice(item.start, item.end).trim() : '';
        if (text) tips.items.push(text);
      }
      return;
    }
    if (!question) return;
    const draft: Draft = question;
    const id = node.type === 'html' ? idComment.exec(node.value.trim()) : null;
    if (id) {
      const parsed = questionIdSchema.safeParse(id[1]);
      if (draft.block !== 'meta')
        fail(node.line, 'put the id comment right under its "### Question" heading');
      else if (!parsed.success) fail(node.line, `bad id "${id[1]}": ${parsed.error.issues[0]?.message}`);
      else if (draft.explicitId) fail(node.line, `question ${draft.number} has two ids`);
      else draft.explicitId = parsed.data;
      return;
    }
    const raw = sourceOf(node);
    const { start } = node;
    if (draft.block === 'meta') {
      if (node.type !== 'paragraph') return;
      for (const line of raw.split('\n')) {
        const meta = metadataLine.exec(line.trim());
        if (meta?.[1] && meta[2]) draft.meta.set(meta[1].toLowerCase(), meta[2].trim());
      }
      return;
    }
    if (draft.block === 'other') return;
    // A rule inside a STAR answer is part of it; between follow-ups it ends the last answer.
    if (node.type === 'thematicBreak') {
      if (draft.block === 'follow-ups') closeSpan(start);
      return;
    }
    // Labels stand at the start of a line; Markdown may fold such a line into the paragraph or
    // list item above it (lazy continuation), so every line of a block is looked at, except code.
    if (node.type !== 'code' && node.type !== 'html') {
      onLabelledParagraph(draft, raw, start, node.line);
      return;
    }
    if (!span) {
      fail(
        node.line,
        draft.block === 'star'
          ? 'text before the first **Situation**: in the STAR answer'
          : 'a follow-up answer must follow a **Q: question** line',
      );
    }
  };

  for (const node of blocks) {
    if (node.type === 'heading' && onHeading(node)) continue;
    onContent(node);
  }
  closeQuestion(source.length);
  closeTips();

  if (questions.length === 0 && errors.length === 0) {
    fail(
      1,
      'no questions found (a question starts with "### Question N: prompt" under a "## Category" heading)',
    );
  }
  const seen = new Map<string, Question>();
  for (const q of questions) {
    const first = seen.get(q.id);
    if (first)
      fail(
        q.source.line,
        `question id "${q.id}" is already used by question ${first.number} (line ${first.source.line})`,
      );
    else seen.set(q.id, q);
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };

  const parsed = deckSchema().safeParse({ name: deckName, file, title, questions, tips: allTips });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        file,
        line: 1,
        message: `${issue.path.join('.')}: ${issue.message}`,
      })),
    };
  }
  return { ok: true, deck: parsed.data };
}
