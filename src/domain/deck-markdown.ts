import { createHash } from 'node:crypto';
import type { Heading, Nodes, RootContent } from 'mdast';
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
 * The Markdown parser gives the structure (headings, paragraphs, lists, code fences, with line
 * numbers); the text of each answer part is the deck's own Markdown, sliced from the source between
 * one label and the next, so nothing the author wrote is lost or reformatted.
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
  const errors: DeckError[] = [];
  const fail = (line: number, message: string) => errors.push({ file, line, message });
  const root = fromMarkdown(source);
  const offset = (node: Nodes, edge: 'start' | 'end') => node.position?.[edge].offset ?? 0;
  const lineOf = (node: Nodes) => node.position?.start.line ?? 1;
  const sourceOf = (node: Nodes) => source.slice(offset(node, 'start'), offset(node, 'end'));

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

  const onHeading = (node: Heading) => {
    const text = plainText(node).trim();
    const start = offset(node, 'start');
    if (node.depth >= 5) return false; // deeper headings are content
    if (node.depth === 4) {
      if (!question) {
        if (/star\s+answer|follow[\s-]*ups?/i.test(text)) {
          fail(
            lineOf(node),
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
          lineOf(node),
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
        line: lineOf(node),
        explicitId: null,
        meta: new Map(),
        parts: {},
        followUps: [],
        block: 'meta',
      };
    } else if (node.depth === 3 && /^question\b/i.test(text)) {
      fail(lineOf(node), `expected "### Question N: prompt", found "### ${text}"`);
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

  const onContent = (node: RootContent) => {
    if (tips && node.type === 'list') {
      for (const item of node.children) {
        const first = item.children[0];
        const text = first ? source.slice(offset(first, 'start'), offset(item, 'end')).trim() : '';
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
        fail(lineOf(node), 'put the id comment right under its "### Question" heading');
      else if (!parsed.success) fail(lineOf(node), `bad id "${id[1]}": ${parsed.error.issues[0]?.message}`);
      else if (draft.explicitId) fail(lineOf(node), `question ${draft.number} has two ids`);
      else draft.explicitId = parsed.data;
      return;
    }
    const raw = sourceOf(node);
    const start = offset(node, 'start');
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
      onLabelledParagraph(draft, raw, start, lineOf(node));
      return;
    }
    if (!span) {
      fail(
        lineOf(node),
        draft.block === 'star'
          ? 'text before the first **Situation**: in the STAR answer'
          : 'a follow-up answer must follow a **Q: question** line',
      );
    }
  };

  for (const node of root.children) {
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

  const parsed = deckSchema.safeParse({ name: deckName, file, title, questions, tips: allTips });
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
