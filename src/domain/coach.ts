import { eachStarPart, type StarAnswer, type StarPart, starLabels, starParts } from './star.js';

/**
 * The STAR coach: a deterministic reading of an answer, offline (nothing leaves the workspace).
 * It checks what interviewers at staff/principal level listen for: all four STAR parts, a
 * quantified Result, "I" for your own actions, a named tradeoff, a lesson, and the principal-level
 * signals (influence, long-term thinking, multiplying others, documented decisions). Each finding
 * is one short sentence that quotes its evidence.
 */

export type FindingCode =
  | 'missing-part'
  | 'too-short'
  | 'too-long'
  | 'action-not-longest'
  | 'result-not-quantified'
  | 'vague-result'
  | 'we-not-i'
  | 'no-tradeoff'
  | 'no-lesson'
  | 'no-principal-signal';

type Finding = { readonly code: FindingCode; readonly part?: StarPart; readonly message: string };

export type CoachReport = {
  readonly words: Record<StarPart, number>;
  readonly totalWords: number;
  /** Speaking time at about 150 words a minute. */
  readonly seconds: number;
  readonly present: Record<StarPart, boolean>;
  readonly quantified: boolean;
  readonly ownership: { readonly i: number; readonly we: number };
  readonly tradeoff: boolean;
  readonly lesson: boolean;
  readonly principalSignals: readonly string[];
  readonly findings: readonly Finding[];
  /** strong: nothing important missing; ok: minor gaps; weak: a part, the numbers or ownership missing. */
  readonly verdict: 'strong' | 'ok' | 'weak';
};

const wordsPerMinute = 150;

const labelPattern =
  /^[\s*_#>-]*\b(situation|task|action|actions|result|results|s|t|a|r)\b[*_]*\s*[*_]*\s*[:\-–—]\s*/i;
/** A label in the middle of a paragraph ("… at scale. Task: …") starts a new line. */
const inlineLabel = /([.!?"”)]\s+)(situation|task|actions?|results?)\s*:\s*/gi;
const letters: Record<string, StarPart> = Object.fromEntries(starParts.map((part) => [part.charAt(0), part]));
/** Long enough to read an answer; a longer text is cut here (the word count still uses all of it). */
const maxAnalysedChars = 8000;

/** Cue phrases that open a part in an answer written without labels. */
const cues: Record<StarPart, RegExp> = {
  situation:
    /\b(at (my|our) (last|previous|current) (company|job|team)|the (situation|context|background) was|we were|our team was|back in|a few years ago|last year)\b/i,
  task: /\b(my (task|job|goal|role|responsibility) was|i (was|had been) (asked|responsible|tasked)|i needed to|i had to|the goal was)\b/i,
  action:
    /\b(so i|i (decided|started|built|wrote|proposed|set up|created|led|ran|organized|organised|met|talked|designed|introduced|changed)|first,? i|my (first|approach))\b/i,
  result:
    /\b(as a result|in the end|the (result|outcome) was|this (led|resulted)|we (reduced|cut|saved|shipped|increased|grew)|it (reduced|cut|saved|improved)|afterwards|since then|result:)\b/i,
};

const numberWords =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|a dozen|half';
const units =
  '%|percent|x\\b|×|ms|s\\b|sec|seconds|minutes|min\\b|hours|hrs?|days?|weeks?|months?|quarters?|years?|k\\b|m\\b|users|customers|engineers|teams|incidents|tickets|requests|deploys?|pages?|alerts?|services|times|people';
/** A quantity: a number with a unit, money, a multiple, a count, "from 900ms to 120ms", "halved". */
const numberPattern = new RegExp(
  [
    `\\d[\\d,.]{0,15}\\s*(${units})`,
    '[$€£]\\s?\\d',
    '\\b\\d{1,6}(\\.\\d+)?\\s?(x|×)\\b',
    '\\b(?!(?:19|20)\\d{2}\\b)\\d{2,9}\\b', // a bare count, but not a year
    '\\bfrom \\S*\\d\\S* to \\S*\\d',
    '\\b(halved|doubled|tripled|quadrupled|twice|\\d+-fold)\\b',
    `\\b(${numberWords})\\s+(${units})`,
  ].join('|'),
  'i',
);
const vaguePattern =
  /\b(improved|increased|reduced|decreased|boosted|enhanced|optimi[sz]ed|sped up|lowered|raised|better|faster|more (reliable|stable|efficient))\b([^.;\n]{0,40})/i;
const tradeoffPattern =
  /\b(trade-?offs?|instead of|rather than|at the cost of|weigh(ed|ing)|option(s)? (were|was)|versus|vs\.?|pros and cons|chose|downside|accepted (the|a) risk)\b/i;
const lessonPattern =
  /\b(learn(ed|t)|lessons?|next time|would (do|have done) (it )?differently|taught me|in hindsight|i now|since then i|what i'd change)\b/i;
const principalSignals: ReadonlyArray<readonly [string, RegExp]> = [
  ['influence', /\b(influenc\w*|persuad\w*|convinc\w*|buy-?in|aligned|alignment|stakeholders?)\b/i],
  [
    'long-term thinking',
    /\b(long[- ]term|years?|roadmap|strategy|strategic|scal(e|ing|able)|evolution|future)\b/i,
  ],
  ['multiplying others', /\b(mentor\w*|coach\w*|taught|teach\w*|grew the team|onboard\w*|multiplier)\b/i],
  ['documented decisions', /\b(ADR|design doc|documented|write-?up|RFC|post-?mortem|runbook)\b/i],
  ['measured impact', /\b(metrics?|measured|dashboard|SLO|KPI|tracked)\b/i],
];

/** "40 seconds", "2.5 minutes". */
export function spoken(seconds: number): string {
  return seconds < 60
    ? `${seconds} second${seconds === 1 ? '' : 's'}`
    : `${(seconds / 60).toFixed(1)} minutes`;
}

const wordCount = (text: string) => (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;

function firstSentence(text: string, at: RegExp): string | undefined {
  const match = at.exec(text);
  if (!match) return undefined;
  return match[0].trim();
}

function quote(text: string, max = 60): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/**
 * Who does the things in a text: the subject of each sentence, bullet or clause after a colon
 * ("I proposed…" against "We migrated…"). A "we" inside a clause ("the plan we had") is not counted.
 */
export function subjects(text: string): { i: number; we: number } {
  let i = 0;
  let we = 0;
  const clauses = text
    .replace(/\*\*[^*]+\*\*/g, ' ')
    .split(/(?<=[.!?:;])\s+|\n+|\s+[—–]\s+/)
    .map((clause) => clause.replace(/^(?:[\s"“'(\-*•\d.)]|✅|⚠️|❌)+/u, '').trim());
  for (const clause of clauses) {
    // "First we…", "Then I…", "After that, the team…": the subject after a connective counts.
    const rest = clause.replace(
      /^(?:(?:first|then|so|next|finally|later|also|and|after that|afterwards|together),?\s+)+/i,
      '',
    );
    const first = /^(\p{L}+)/u.exec(rest)?.[1]?.toLowerCase();
    if (first === 'i') i += 1;
    else if (first === 'we' || /^(?:the|our|my) team\b/i.test(rest)) we += 1;
  }
  return { i, we };
}

/** Splits free text into STAR parts: by labels ("Situation:") when there are any, else by cue phrases. */
export function splitFreeText(input: string): Record<StarPart, string> {
  const text = input.slice(0, maxAnalysedChars).replace(inlineLabel, '$1\n$2: ');
  const result = eachStarPart(() => '');
  const lines = text.split(/\r?\n/);
  if (lines.some((line) => labelPattern.test(line))) {
    // Text before the first label is part of the Situation.
    let current: StarPart = 'situation';
    for (const line of lines) {
      const label = labelPattern.exec(line);
      if (label?.[1]) {
        const word = label[1].toLowerCase();
        current = letters[word] ?? (word.replace(/s$/, '') as StarPart);
        result[current] += `${line.slice(label[0].length)}\n`;
      } else {
        result[current] += `${line}\n`;
      }
    }
    return result;
  }
  // No labels: walk sentence by sentence; a cue for a later part moves on, never back.
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim() !== '');
  let index = 0;
  for (const sentence of sentences) {
    for (let next = starParts.length - 1; next > index; next--) {
      if (cues[starParts[next] as StarPart].test(sentence)) {
        index = next;
        break;
      }
    }
    if (index === 0 && !result.situation && cues.task.test(sentence)) index = 1;
    result[starParts[index] as StarPart] += `${sentence} `;
  }
  return result;
}

export function analyseAnswer(input: StarAnswer | { text: string }): CoachReport {
  const split = 'text' in input ? splitFreeText(input.text) : eachStarPart((p) => input[p]);
  const words = eachStarPart((p) => wordCount(split[p]));
  const present = eachStarPart((p) => words[p] >= 1);
  const totalWords = starParts.reduce((sum, p) => sum + words[p], 0);
  const seconds = Math.round((totalWords / wordsPerMinute) * 60);
  const all = starParts.map((p) => split[p]).join('\n');
  const findings: Finding[] = [];

  for (const part of starParts) {
    if (!present[part]) {
      findings.push({
        code: 'missing-part',
        part,
        message: `No ${starLabels[part]}: ${
          {
            situation: 'set the scene in a sentence or two (where, when, what was at stake).',
            task: 'say what you had to achieve and why it was yours.',
            action: 'say what you did, step by step, in "I".',
            result: 'end with what changed, in numbers.',
          }[part]
        }`,
      });
    }
  }

  if (totalWords < 225) {
    findings.push({
      code: 'too-short',
      message: `About ${spoken(seconds)} spoken (${totalWords} words): aim for 2–3 minutes.`,
    });
  } else if (seconds > 210) {
    findings.push({
      code: 'too-long',
      message: `About ${spoken(seconds)} spoken (${totalWords} words): trim the Situation and keep to 2–3 minutes.`,
    });
  }
  const longest = starParts.reduce((a, b) => (words[b] > words[a] ? b : a));
  if (present.action && words[longest] > words.action) {
    findings.push({
      code: 'action-not-longest',
      part: longest,
      message: `The ${longest} (${words[longest]} words) is longer than the Action (${words.action}): the Action should carry the answer.`,
    });
  }

  const resultText = split.result;
  const quantified = numberPattern.test(resultText);
  if (present.result && !quantified) {
    const vague = vaguePattern.exec(resultText);
    findings.push(
      vague
        ? {
            code: 'vague-result',
            part: 'result',
            message: `Result says "${quote(vague[0], 50)}": by how much, and over what time?`,
          }
        : {
            code: 'result-not-quantified',
            part: 'result',
            message: `Result has no numbers ("${quote(resultText)}"): add a percentage, an amount or a time.`,
          },
    );
  }

  const actionText = split.action;
  const { i, we } = subjects(actionText);
  if (present.action && we >= 2 && we > i) {
    const example = firstSentence(actionText, /\bwe\b[^.;\n]{0,40}/i);
    findings.push({
      code: 'we-not-i',
      part: 'action',
      message: `The Action starts ${we} sentences with "we" and ${i} with "I"${example ? ` ("${quote(example, 45)}")` : ''}: what did you do yourself?`,
    });
  }

  const tradeoff = tradeoffPattern.test(all);
  if (!tradeoff)
    findings.push({
      code: 'no-tradeoff',
      message: 'No tradeoff named: say what you chose against, and what it cost.',
    });
  const lesson = lessonPattern.test(all);
  if (!lesson)
    findings.push({
      code: 'no-lesson',
      message: 'No lesson: end with what you learned or would do differently.',
    });
  const signals = principalSignals.filter(([, pattern]) => pattern.test(all)).map(([name]) => name);
  if (signals.length === 0) {
    findings.push({
      code: 'no-principal-signal',
      message:
        'No principal-level signal: show influence, long-term thinking, how you grew others, or how you measured impact.',
    });
  }

  const serious = findings.some((f) =>
    ['missing-part', 'result-not-quantified', 'vague-result', 'we-not-i'].includes(f.code),
  );
  const length = findings.some((f) => f.code === 'too-short' || f.code === 'too-long');
  const minor = findings.filter((f) => !['no-lesson', 'no-tradeoff'].includes(f.code)).length;
  return {
    words,
    totalWords,
    seconds,
    present,
    quantified,
    ownership: { i, we },
    tradeoff,
    lesson,
    principalSignals: signals,
    findings,
    verdict: serious ? 'weak' : length || minor > 1 ? 'ok' : 'strong',
  };
}

/** Whether a thread reply is an answer worth coaching: it has a STAR label, or 40 words or more. */
export function looksLikeAnAnswer(text: string): boolean {
  const sample = text.slice(0, maxAnalysedChars).replace(inlineLabel, '$1\n$2: ');
  return sample.split(/\r?\n/).some((line) => labelPattern.test(line)) || wordCount(sample) >= 40;
}
