import { z } from 'zod';
import { type StarAnswer, starParts } from './star.js';

/**
 * What counts as an answer: the one rule for everything that cares (scoring and leaderboards, the
 * weekly recap, thread-answer counts, coaching, stats and the App Home).
 *
 * - `answer`: an attempt at the question with something that happened: one concrete thing done or
 *   decided, or a situation told with what came of it. A twelve-word attempt is an answer.
 * - `comment`: a reply that is not an attempt: thanks and praise, "+1", an emoji, a question back, a
 *   bare link, "I'll post mine later". Kept, but it scores nothing and is in no recap.
 * - `filler`: text that looks like an answer and says nothing (lorem ipsum, "asdf", "test" in every
 *   field, the question pasted back, one sentence repeated). The coach calls it filler; it is not
 *   counted either.
 */
export const answerKindSchema = z.enum(['answer', 'comment', 'filler']);
export type AnswerKind = z.infer<typeof answerKindSchema>;

export const countsAsAnswer = (kind: AnswerKind): boolean => kind === 'answer';

/** Slack markup that carries no words: links, mentions, emoji codes, emoji, formatting. */
function plainWords(text: string): string[] {
  const plain = text
    .replace(/<[^>\s]*>/g, ' ') // <https://…|label>, <@U1>, <#C1|x>
    .replace(/:[a-z0-9_+'-]+:/gi, ' ')
    .replace(/https?:\/\/\S+/gi, ' ')
    .replace(/(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\u{FE0F}|\u{200D})/gu, ' ');
  return plain.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

const placeholderWords = new Set([
  'test',
  'testing',
  'tests',
  'asdf',
  'asd',
  'qwerty',
  'tbd',
  'todo',
  'na',
  'n/a',
  'xxx',
  'xx',
  'x',
  'placeholder',
  'foo',
  'bar',
  'baz',
  'blah',
  'lorem',
  'ipsum',
  'dolor',
  'sit',
  'amet',
  'abc',
  'aaa',
  'hello',
  'world',
  'answer',
  'here',
  'something',
  'stuff',
  'etc',
]);

/** A keyboard mash: no vowel (acronyms such as "SQL" aside), home-row runs, or five consonants in a row. */
const mash = (word: string) =>
  (word.length >= 3 && !/[aeiouy\d]/i.test(word) && word !== word.toUpperCase()) ||
  /asdf|qwer|zxcv|hjkl|jkl|sdfg|fghj/i.test(word) ||
  /[^aeiouy\d\s'’-]{5,}/i.test(word);

const promptOpening =
  /^\s*(?:q:\s*)?(?:tell (?:me|us) about a time|describe a (?:time|situation)|give (?:me |us )?an example|talk about a time|walk (?:me|us) through a time|share a time|have you ever)\b/i;

/** Filler: the words say nothing, or say one thing over and over, or only repeat the question. */
function isFiller(text: string, words: readonly string[], question: string | undefined): boolean {
  const lower = words.map((w) => w.toLowerCase());
  if (/\blorem ipsum\b|\bdolor sit amet\b/i.test(text)) return true;
  const placeholders = lower.filter((w) => placeholderWords.has(w) || mash(w)).length;
  if (placeholders / lower.length >= 0.6) return true;
  if (lower.length >= 12 && new Set(lower).size / lower.length < 0.3) return true;
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
  if (sentences.length >= 3 && new Set(sentences).size <= sentences.length / 2) return true;
  if (promptOpening.test(text) && lower.length <= 45 && !narrative.test(text.replace(promptOpening, '')))
    return true;
  if (question) {
    const asked = new Set(plainWords(question).map((w) => w.toLowerCase()));
    const echoed = lower.filter((w) => asked.has(w)).length;
    if (asked.size >= 5 && echoed / lower.length >= 0.8) return true;
  }
  return false;
}

const irregularPast =
  'built|led|wrote|rewrote|ran|split|made|took|set|got|found|put|went|told|gave|brought|sent|spent|kept|held|began|chose|drove|met|paid|sold|thought|taught|won|lost|cut|shut|broke|fell|grew|knew|saw|came|did|had|became|left|felt|dealt|stood|spoke|caught|fought|bought|drew|oversaw|rebuilt|shipped|sat|struck|swapped|undertook|withdrew|wound|bet|hit|let|quit|rode|rose|shot|sought|stuck|swore|threw|understood|woke|froze|hid|meant|heard|said|paid|laid|lent|ate|forgot|overheard|pushed|ended';
/**
 * A narrative clause: a person as subject with a verb in the past ("I split…", "we shipped…",
 * "my manager asked…") or a first-person present ("I own the pipeline…", "so I'm on a team that…").
 */
const narrative = new RegExp(
  [
    `\\b(?:i|we|my (?:team|manager|lead|boss|colleague|squad)|our (?:team|squad|service|system)|the team|they|he|she)\\b(?:\\s+\\w+(?:ly)?){0,2}?\\s+(?:\\w{2,}ed|${irregularPast})\\b`,
    "\\bi(?: was| had| own| lead| run| manage| work)\\b|\\bi(?:'m|’m| am) (?:\\w+ing|on (?:a|the|our)|the|a|an|one of)\\b",
    // A bare past verb opening the reply or a bullet: "Led our Postgres upgrade…", "- Rewrote the cache".
    `(?:^|\\n)\\s*(?:[-•*]\\s*)?(?!(?:agreed|loved|liked|enjoyed|noted|seconded|interested|excited|confused|curious|used|based|need|needed|wanted|asked)\\b)(?:\\w{3,}ed|${irregularPast})\\b`,
    '\\b(?:when|after) i (?:joined|started|took over|moved)\\b',
  ].join('|'),
  'i',
);

const praise =
  /^(?:\W*(?:great|good|nice|love|loved|awesome|amazing|excellent|brilliant|solid|strong|cool|wow|thanks|thank you|thx|ty|agree|agreed|same|\+1|this|so true|well said|congrats|lol|haha|interesting|useful|helpful|super|kudos|bravo|yes|yep|indeed|exactly|nice one|love it|this is great|good one|good question|great question|hard one|tough one)\b)/i;
const laterOrMeta =
  /\b(?:i'?ll (?:post|answer|share|write|reply|add)|will (?:post|answer|share|write|reply) (?:mine|later|tonight|tomorrow)|later today|can (?:someone|anyone) review|mine (?:below|later|tonight)|skipping (?:this|today)|pass on this|not sure what to (?:say|write)|writing (?:it|mine) up|write (?:it|mine) up|after lunch|if anyone wants|dm me|can the mods|anyone else (?:get|got|had)|does it count|this question|these questions|the question|(?:pro )?tip(?: for)?|my advice|always (?:end|start|open|lead)|star (?:fits|format|guide|doesn't|does not))\b/i;
/** A story: something done, in the past ("I rewrote…", "we shipped…"), not talk about the question. */
const pastAction = new RegExp(
  `\\b(?:i|we|my team|our team|the team)\\b(?:\\s+\\w+ly)?\\s+(?:\\w{3,}ed|${irregularPast})\\b`,
  'i',
);

/** Template text: "[describe the situation]", "<your answer here>", "TBD". */
const placeholder =
  /\[[^\]\n]{0,60}\]|<(?![@#!]|https?:)[^>\n]{0,60}>|\{[^}\n]{0,60}\}|\b(?:tbd|tbc|todo|your answer here|fill (?:this )?in)\b/gi;

/** A STAR label at the start of a line ("Situation:", "*T* -"): not words of the answer. */
const starLabel = /^[\s*_#>•-]*\b(?:situation|task|actions?|results?|[star])\b[*_]*\s*[:\-–—]\s*/gim;

/** The kind of an answer written in the STAR form's four fields. */
export function starAnswerKind(answer: StarAnswer): AnswerKind {
  return answerKind(starParts.map((part) => answer[part]).join('\n'));
}

/**
 * The kind of a reply to a behavioral question. `question` is the prompt it answers, when known:
 * a reply that only repeats it is filler.
 */
export function answerKind(input: string, question?: string): AnswerKind {
  const text = input.replace(starLabel, '').replace(placeholder, ' ');
  const words = plainWords(text);
  // "Situation: … Task: …", "[describe the situation]": a template left empty.
  if (words.length === 0) return input !== text ? 'filler' : 'comment';
  if (isFiller(text, words, question)) return 'filler';
  const trimmed = text.trim();
  const hasNarrative = narrative.test(trimmed);
  if (words.length < 40) {
    // A question back, however it is asked, when it tells nothing that happened.
    if (/\?(?:\s|$)/u.test(trimmed) && !pastAction.test(trimmed)) return 'comment';
    if (laterOrMeta.test(trimmed) && (words.length < 25 || !pastAction.test(trimmed))) return 'comment';
    if (praise.test(trimmed) && !hasNarrative) return 'comment';
    if (!hasNarrative && words.length < 15) return 'comment';
  }
  return 'answer';
}
