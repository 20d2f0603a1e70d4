import type { List, Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';

/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function inline(node: Nodes): string {
  switch (node.type) {
    case 'text':
      return escapeMrkdwn(node.value);
    case 'strong':
      return wrap('*', node.children.map(inline).join(''));
    case 'emphasis':
      return wrap('_', node.children.map(inline).join(''));
    case 'inlineCode':
      return `\`${escapeMrkdwn(node.value)}\``;
    case 'break':
      return '\n';
    case 'link':
      return `<${node.url}|${node.children.map(inline).join('').replace(/[|>]/g, ' ')}>`;
    case 'image':
      return escapeMrkdwn(node.alt ?? '');
    case 'html':
      return escapeMrkdwn(node.value);
    default:
      return 'children' in node ? node.children.map((child) => inline(child as Nodes)).join('') : '';
  }
}

/** *bold* only renders when the markers hug the text: keep spaces outside them. */
function wrap(marker: string, text: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  if (!match?.[2]) return text;
  return `${match[1]}${marker}${match[2]}${marker}${match[3]}`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}

function list(node: List): string {
  const start = node.start ?? 1;
  return node.children
    .map((item, index) => {
      const marker = node.ordered ? `${start + index}. ` : '• ';
      const body = item.children.map(block).join('\n');
      const [first = '', ...rest] = body.split('\n');
      return [marker + first, ...rest.map((line) => (line === '' ? line : `    ${line}`))].join('\n');
    })
    .join('\n');
}

function block(node: Nodes): string {
  switch (node.type) {
    case 'root':
      return node.children
        .map(block)
        .filter((text) => text !== '')
        .join('\n\n');
    case 'paragraph':
      return node.children.map(inline).join('');
    case 'heading':
      return wrap('*', node.children.map(inline).join(''));
    case 'list':
      return list(node);
    case 'blockquote':
      return indent(node.children.map(block).join('\n'), '> ');
    case 'code':
      return `\`\`\`\n${escapeMrkdwn(node.value)}\n\`\`\``;
    case 'thematicBreak':
      return '───';
    default:
      return inline(node);
  }
}

/** Renders deck Markdown (bold, lists, code, links) as Slack mrkdwn. */
export function markdownToMrkdwn(markdown: string): string {
  return block(fromMarkdown(markdown)).trim();
}

/*
 * Splitting long mrkdwn into sections. A cut must never fall inside what Slack reads as one thing (an
 * "atom"): an entity (&amp;), a link or mention (<url|label>, <@U1>, <#C1>, <!here>), an emoji shortcode
 * (:tada:, :+1::skin-tone-2:), or a code fence. A fence too long for one piece is split at its lines, each
 * part closed and reopened so it still renders as code. Bold, italic, strike and inline-code spans are
 * kept whole when a break outside them exists.
 */

const FENCE = /```[\s\S]*?```/g;
const ENTITY = /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,7});/gi;
/** A link or mention, an entity, or an emoji shortcode with its skin tone (:+1::skin-tone-2:). */
const ATOM = new RegExp(`<[^<>]+>|${ENTITY.source}|:[\\w+'.-]+:(?::skin-tone-[2-6]:)?`, 'gi');
/** Inline code, *bold*, _italic_, ~strike~: each scan stops at the next marker, so it stays linear. */
const SPAN = /`[^`\n]+`|(?<!\w)(?:\*(?=\S)[^*\n]*\S\*|_(?=\S)[^_\n]*\S_|~(?=\S)[^~\n]*\S~)(?!\w)/g;
const OPEN_CODE = '```\n';
const CLOSE_CODE = '\n```';
/** Below this, a fence cannot be closed and reopened with room for any code in between. */
const MIN_SPLIT_FENCE = 16;

type Stretch = [start: number, end: number];

const stretches = (text: string, pattern: RegExp): Stretch[] =>
  [...text.matchAll(pattern)].map((match) => [match.index, match.index + match[0].length]);

/** For each index of text, whether a cut there falls strictly inside one of the stretches. */
function insideAny(length: number, list: Stretch[]): boolean[] {
  const inside = new Array<boolean>(length + 1).fill(false);
  for (const [start, end] of list) inside.fill(true, start + 1, end);
  return inside;
}

const isSpace = (char: string | undefined) => char === ' ' || char === '\n' || char === '\t' || char === '\r';

/** Where a cut may fall in one text, and how good each cut is. */
class Cuts {
  private readonly inAtom: boolean[];
  private readonly inEntity: boolean[];
  private readonly inSpan: boolean[];
  /** The fence a cut at an index falls strictly inside, if any. */
  private readonly fenceAt: (Stretch | undefined)[];
  /** nextSolid[i]: the first index at or after i holding a non-space character. */
  private readonly nextSolid: number[];

  constructor(
    private readonly text: string,
    private readonly max: number,
  ) {
    const fences = stretches(text, FENCE);
    const outsideFences = ([start, end]: Stretch) => !fences.some(([from, to]) => start < to && end > from);
    this.inAtom = insideAny(text.length, stretches(text, ATOM));
    this.inEntity = insideAny(text.length, stretches(text, ENTITY));
    this.inSpan = insideAny(text.length, stretches(text, SPAN).filter(outsideFences));
    this.fenceAt = new Array<Stretch | undefined>(text.length + 1);
    for (const fence of fences) this.fenceAt.fill(fence, fence[0] + 1, fence[1]);
    this.nextSolid = new Array<number>(text.length + 1).fill(text.length);
    for (let i = text.length - 1; i >= 0; i--) {
      this.nextSolid[i] = isSpace(text[i]) ? (this.nextSolid[i + 1] as number) : i;
    }
  }

  /** A fence is split only when it cannot fit in a piece of its own. */
  splitsFence(fence: Stretch | undefined): fence is Stretch {
    return fence !== undefined && fence[1] - fence[0] > this.max && this.max >= MIN_SPLIT_FENCE;
  }

  /** Whether a cut at `at` falls inside a fence that gets split there (so the piece closes it). */
  closesFence(at: number): boolean {
    return this.splitsFence(this.fenceAt[at]);
  }

  /**
   * The best cut in (from, from + room]: the lowest rank wins, then the latest cut. Ranks:
   * 0 paragraph, 1 line, 2 word, each past half the piece (a word outside bold, italic or code spans);
   * 3 any other break outside spans; 4 a break inside a span past half the piece, 5 before it;
   * 6 any cut not inside an atom (a word longer than the piece); 7 inside an atom but not an entity
   * (an atom longer than the piece); 8 anywhere.
   */
  best(from: number, room: number): number {
    let best = from + 1;
    let bestRank = Number.POSITIVE_INFINITY;
    for (let at = from + 1; at <= from + room; at++) {
      const rank = this.rank(from, at, room);
      if (rank !== undefined && rank <= bestRank) {
        best = at;
        bestRank = rank;
      }
    }
    return best;
  }

  /** The rank of a cut at `at` in a piece starting at `from`, or undefined if it would not fit. */
  private rank(from: number, at: number, room: number): number | undefined {
    const { text } = this;
    const fence = this.fenceAt[at];
    const blocked = this.inEntity[at] ? 8 : 7;
    if (this.splitsFence(fence)) {
      if (at - from + CLOSE_CODE.length > room) return undefined;
      if (!this.codeOnBothSides(fence, from, at)) return blocked;
    } else if (fence) {
      return blocked;
    }
    if (this.inAtom[at]) return blocked;
    if (!isSpace(text[at])) return 6;
    const late = at - from > this.max / 2;
    const inSpan = this.inSpan[at] === true;
    if (late && text.startsWith('\n\n', at)) return 0;
    if (late && text[at] === '\n') return 1;
    if (late && !inSpan) return 2;
    if (!inSpan) return 3;
    return late ? 4 : 5;
  }

  /** A split fence needs code on both sides of the cut: no empty code block, no cut in a ``` marker. */
  private codeOnBothSides([start, end]: Stretch, from: number, at: number): boolean {
    const firstCode = this.nextSolid[Math.max(from, start + 3)] as number;
    return firstCode < at && (this.nextSolid[at] as number) < end - 3;
  }
}

/**
 * Splits mrkdwn into pieces of at most `max` characters, breaking between paragraphs, else between
 * lines, else between words (a paragraph or line break is used only past half the piece, so no stub
 * piece is left), and never inside an entity, link, mention, emoji or code fence (a fence longer than
 * `max` is closed at the end of one piece and reopened at the start of the next). Only a single word or
 * atom longer than `max` is cut, at `max` or just before an entity it would cut.
 */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const cuts = new Cuts(text, max);
  const pieces: string[] = [];
  let from = 0;
  let reopen = '';
  while (reopen.length + text.length - from > max) {
    const room = max - reopen.length;
    const at = cuts.best(from, room);
    const piece = text.slice(from, at).trimEnd();
    if (cuts.closesFence(at)) {
      pieces.push(reopen + piece + CLOSE_CODE);
      // Keep the next line's indentation: skip only the break itself.
      from = isSpace(text[at]) ? at + 1 : at;
      reopen = OPEN_CODE;
    } else {
      pieces.push(reopen + piece);
      from = at;
      while (isSpace(text[from])) from++;
      reopen = '';
    }
  }
  if (text.slice(from).trim() !== '') pieces.push(reopen + text.slice(from));
  return pieces.filter((piece) => piece.trim() !== '');
}
