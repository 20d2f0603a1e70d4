import type { List, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString as plainText } from 'mdast-util-to-string';

/**
 * Text for a terminal: the decks' Markdown rendered as people read it (bold, bullets with a hanging
 * indent, paragraphs), wrapped at word boundaries to the terminal's width. Pure: the width and
 * whether bold is wanted (a TTY) come in; lines come out, each within the width, with no Markdown
 * syntax left and, when bold is off, no escape codes.
 *
 *   **Plan** (Day 1):            →  Plan (Day 1):          (Plan in ANSI bold on a TTY)
 *   1. Split the export into…    →  1. Split the export
 *                                      into 4 slices
 */
export type TextStyle = {
  /** Columns available: no line is wider (a single word wider than this is cut). */
  readonly width: number;
  /** ANSI bold for **strong** text and headings: on a TTY only. */
  readonly bold: boolean;
};

const esc = '\u001b';
const boldOn = `${esc}[1m`;
const boldOff = `${esc}[22m`;
/** SGR sequences (bold on, off): they take no room on screen. */
const escapes = new RegExp(`${esc}\\[[0-9;]*m`, 'g');

/** `text` in ANSI bold when `on`, as it is otherwise. */
export function strong(text: string, on: boolean): string {
  return on && text !== '' ? `${boldOn}${text}${boldOff}` : text;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

/** Columns one grapheme takes: 2 for emoji (✅, ⚠️) and East Asian wide letters, 0 for marks. */
function graphemeWidth(grapheme: string): number {
  if (/\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u.test(grapheme)) return 2;
  if (isWide(grapheme.codePointAt(0) ?? 0)) return 2;
  if (/^[\p{Cc}\p{Mn}\p{Me}\p{Cf}]+$/u.test(grapheme)) return 0;
  return 1;
}

/** The columns `text` takes on screen (escape codes take none). */
export function displayWidth(text: string): number {
  const shown = text.includes(esc) ? text.replace(escapes, '') : text;
  if (/^[\x20-\x7e]*$/.test(shown)) return shown.length;
  let width = 0;
  for (const { segment } of graphemes.segment(shown)) width += graphemeWidth(segment);
  return width;
}

// ── Wrapping ────────────────────────────────────────────────────────────────────────────────────

type Piece = { readonly text: string; readonly bold: boolean };
/** A word, possibly in several styles ("**Plan**:" is a bold piece and a plain one); null is a hard line break. */
type Word = readonly Piece[] | null;

const wordWidth = (word: readonly Piece[]) => word.reduce((n, piece) => n + displayWidth(piece.text), 0);

/** Inline runs → words, splitting at whitespace; the style of each character is kept. */
function wordsOf(runs: readonly (Piece | null)[]): Word[] {
  const words: Word[] = [];
  let current: Piece[] = [];
  const end = () => {
    if (current.length > 0) words.push(current);
    current = [];
  };
  for (const run of runs) {
    if (run === null) {
      end();
      words.push(null);
      continue;
    }
    run.text.split(/(\s+)/).forEach((part, index) => {
      if (index % 2 === 1) end();
      else if (part !== '') current.push({ text: part, bold: run.bold });
    });
  }
  end();
  return words;
}

/** One line's pieces as text, bold switched on and off where the style changes. */
function styled(pieces: readonly Piece[], bold: boolean): string {
  let out = '';
  let on = false;
  pieces.forEach((piece, index) => {
    // A space between two bold words stays bold, so a bold phrase is one run.
    const wanted =
      bold && (piece.text === ' ' ? Boolean(pieces[index - 1]?.bold && pieces[index + 1]?.bold) : piece.bold);
    if (wanted !== on) out += wanted ? boldOn : boldOff;
    on = wanted;
    out += piece.text;
  });
  return on ? out + boldOff : out;
}

/** A word too long for a line, cut into chunks of at most `width` columns (never an empty chunk). */
function cut(word: readonly Piece[], width: number): Piece[][] {
  const chunks: Piece[][] = [];
  let chunk: Piece[] = [];
  let used = 0;
  for (const piece of word) {
    for (const { segment } of graphemes.segment(piece.text)) {
      const w = graphemeWidth(segment);
      if (used + w > width && used > 0) {
        chunks.push(chunk);
        chunk = [];
        used = 0;
      }
      chunk.push({ text: segment, bold: piece.bold });
      used += w;
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Words filled into lines of at most `width` columns; the first line starts with `first`, the others
 * with `rest` (a hanging indent). A word is only cut when it alone is wider than a line.
 */
function fill(words: readonly Word[], style: TextStyle, first: string, rest: string): string[] {
  // However deep the nesting, at least half the width is left for the text.
  const room = (prefix: string) => {
    let p = prefix;
    while (displayWidth(p) > Math.floor(style.width / 2) && p.startsWith(' ')) p = p.slice(1);
    return p;
  };
  const restPrefix = room(rest);
  const restAvailable = Math.max(1, style.width - displayWidth(restPrefix));
  const lines: string[] = [];
  let prefix = room(first);
  let available = Math.max(1, style.width - displayWidth(prefix));
  let line: Piece[] = [];
  let used = 0;
  const flush = () => {
    lines.push((prefix + styled(line, style.bold)).trimEnd());
    prefix = restPrefix;
    available = restAvailable;
    line = [];
    used = 0;
  };
  for (const word of words) {
    if (word === null) {
      flush();
      continue;
    }
    const w = wordWidth(word);
    if (line.length > 0 && used + 1 + w <= available) {
      line.push({ text: ' ', bold: false }, ...word);
      used += 1 + w;
      continue;
    }
    if (line.length > 0) flush();
    const chunks = w <= available ? [[...word]] : cut(word, Math.min(available, restAvailable));
    chunks.forEach((chunk, index) => {
      if (index > 0) flush();
      line.push(...chunk);
      used = wordWidth(chunk);
    });
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

// ── Markdown ────────────────────────────────────────────────────────────────────────────────────

/** Inline Markdown → runs of text with their style; null is a hard line break. */
function runsOf(nodes: readonly PhrasingContent[], bold: boolean): (Piece | null)[] {
  return nodes.flatMap((node): (Piece | null)[] => {
    switch (node.type) {
      case 'text':
        return [{ text: node.value, bold }];
      case 'inlineCode':
        return [{ text: node.value, bold }];
      case 'strong':
        return runsOf(node.children, true);
      case 'emphasis':
      case 'delete':
        return runsOf(node.children, bold);
      case 'link': {
        const label = runsOf(node.children, bold);
        const shown = plainText(node);
        return /^https?:|^mailto:/.test(node.url) && shown !== node.url
          ? [...label, { text: ` (${node.url})`, bold: false }]
          : label;
      }
      case 'image':
        return node.alt ? [{ text: node.alt, bold }] : [];
      case 'break':
        return [null];
      case 'html':
        return /^<br\s*\/?>$/i.test(node.value) ? [null] : [];
      default:
        return [{ text: plainText(node), bold }];
    }
  });
}

const bullets = ['•', '◦', '▪'];

/** A block and its children as lines, its first line after `first` and the others after `rest`. */
function block(node: RootContent, style: TextStyle, first: string, rest: string, depth: number): string[] {
  switch (node.type) {
    case 'paragraph':
      return fill(wordsOf(runsOf(node.children, false)), style, first, rest);
    case 'heading':
      return fill(wordsOf(runsOf(node.children, true)), style, first, rest);
    case 'list':
      return list(node, style, first, rest, depth);
    case 'blockquote':
      return blocks(node.children, style, `${first}│ `, `${rest}│ `, depth);
    case 'code':
      // Line for line as written, each wrapped on its own, under its own indentation.
      return node.value.split('\n').flatMap((line, index) => {
        const lead = `${/^\s*/.exec(line)?.[0] ?? ''}`.replace(/\t/g, '  ');
        const words = wordsOf([{ text: line, bold: false }]);
        return fill(words, style, `${index === 0 ? first : rest}  ${lead}`, `${rest}  ${lead}`);
      });
    case 'thematicBreak':
      return [`${first}${'─'.repeat(Math.max(3, Math.min(40, style.width - displayWidth(first))))}`];
    case 'html':
      return [];
    default: {
      const text = plainText(node);
      return text.trim() === '' ? [] : fill(wordsOf([{ text, bold: false }]), style, first, rest);
    }
  }
}

/** Blocks one after another, a blank line between them (none inside a tight list item). */
function blocks(
  nodes: readonly RootContent[],
  style: TextStyle,
  first: string,
  rest: string,
  depth: number,
  spread = true,
): string[] {
  const lines: string[] = [];
  let previous: RootContent | undefined;
  for (const node of nodes) {
    const rendered = block(node, style, lines.length === 0 ? first : rest, rest, depth);
    if (rendered.length === 0) continue;
    // A list follows the paragraph that introduces it ("I broke the work down:") directly.
    const introduced = node.type === 'list' && previous?.type === 'paragraph';
    if (lines.length > 0 && spread && !introduced) lines.push('');
    lines.push(...rendered);
    previous = node;
  }
  return lines;
}

function list(node: List, style: TextStyle, first: string, rest: string, depth: number): string[] {
  const start = node.start ?? 1;
  const markers = node.children.map((_, index) =>
    node.ordered ? `${start + index}.` : (bullets[Math.min(depth, bullets.length - 1)] ?? '•'),
  );
  const markerWidth = Math.max(...markers.map(displayWidth));
  const lines: string[] = [];
  node.children.forEach((item, index) => {
    const marker = (markers[index] ?? '').padStart(markerWidth);
    const hang = `${rest}${' '.repeat(markerWidth + 1)}`;
    const itemFirst = `${index === 0 ? first : rest}${marker} `;
    if (index > 0 && node.spread) lines.push('');
    const rendered = blocks(item.children, style, itemFirst, hang, depth + 1, item.spread ?? false);
    lines.push(...(rendered.length > 0 ? rendered : [itemFirst.trimEnd()]));
  });
  return lines;
}

/**
 * A deck's Markdown (an answer part, a follow-up's answer) as terminal lines: **bold** in ANSI bold
 * (or plain), lists as indented bullets with a hanging indent, paragraphs apart, headings as bold
 * lines, every line wrapped at word boundaries within `style.width`, `indent` spaces in.
 */
export function renderMarkdown(markdown: string, style: TextStyle & { readonly indent?: number }): string[] {
  const pad = ' '.repeat(style.indent ?? 0);
  return blocks(fromMarkdown(markdown).children, style, pad, pad, 0);
}

/**
 * Plain text (a prompt, the coach's feedback) wrapped within `style.width`, `indent` spaces in: each
 * line of it is a paragraph, and a line starting "- " is a bullet with a hanging indent.
 */
export function wrapText(
  text: string,
  style: TextStyle & { readonly indent?: number; readonly strong?: boolean },
): string[] {
  const pad = ' '.repeat(style.indent ?? 0);
  return text.split('\n').flatMap((line) => {
    const bullet = /^- /.test(line);
    const words = wordsOf([{ text: bullet ? line.slice(2) : line, bold: style.strong ?? false }]);
    return bullet ? fill(words, style, `${pad}- `, `${pad}  `) : fill(words, style, pad, pad);
  });
}
