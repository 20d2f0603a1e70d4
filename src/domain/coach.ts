import { type AnswerKind, answerKind, starAnswerKind } from './answer-kind.js';
import { type CoachModel, coachModelSchema, judge } from './coach-model.js';
import shippedWeights from './coach-weights.json' with { type: 'json' };
import { eachStarPart, type StarAnswer, type StarPart, starLabels, starParts } from './star.js';

/** The trained weights (coach-weights.json), checked against their schema on first use. */
let shipped: CoachModel | undefined;
const shippedModel = (): CoachModel => {
  shipped ??= coachModelSchema.parse(shippedWeights);
  return shipped;
};

/**
 * The STAR coach: a deterministic reading of an answer, offline (nothing leaves the process). It
 * checks what interviewers at staff/principal level listen for: all four STAR parts, a quantified
 * Result, "I" for your own actions, a named tradeoff, a lesson. It reads answers as people write
 * them: with STAR labels, or as plain prose, bullets or a short paragraph, in the first or third
 * person, past or present tense; numbers as digits, words or ranges. Its accuracy is measured on a
 * labelled corpus (`npx star coach --eval`, docs/benchmarks.md).
 */

export type FindingCode =
  | 'filler'
  | 'missing-part'
  | 'too-short'
  | 'too-long'
  | 'action-not-longest'
  | 'result-not-quantified'
  | 'vague-result'
  | 'we-not-i'
  | 'no-tradeoff'
  | 'no-lesson';

type Finding = { readonly code: FindingCode; readonly part?: StarPart; readonly message: string };

/**
 * Where the answer was written. A thread reply is a written summary, not a spoken answer: its
 * length advice says how long it would take to say and what to add. `practice` (the STAR form,
 * `star coach` on a file) rehearses the full 2–3 minute spoken answer.
 */
type AnswerPlace = 'thread' | 'practice';

/** In a thread the coach says at most this much: the most important findings. */
export const threadFindingLimit = 3;

export type CoachReport = {
  /** An answer, or filler (the coach says so and nothing else); comments are not coached. */
  readonly kind: AnswerKind;
  readonly where: AnswerPlace;
  /** Each part's words as the answer was split; 0 for a part judged missing (never "No Situation" beside its words). */
  readonly words: Record<StarPart, number>;
  readonly totalWords: number;
  /** Speaking time at about 150 words a minute. */
  readonly seconds: number;
  readonly present: Record<StarPart, boolean>;
  readonly quantified: boolean;
  readonly ownership: { readonly i: number; readonly we: number };
  readonly tradeoff: boolean;
  readonly lesson: boolean;
  /** What staff/principal interviewers listen for, where the answer shows it (information, not a finding). */
  readonly principalSignals: readonly string[];
  /** Most important first (see `importance`); each code once. */
  readonly findings: readonly Finding[];
  /** strong: nothing important missing; ok: minor gaps; weak: a part, the numbers or ownership missing. */
  readonly verdict: 'strong' | 'ok' | 'weak' | 'filler';
};

const wordsPerMinute = 150;
/** Long enough to read an answer; a longer text is cut here (the word count still uses all of it). */
const maxAnalysedChars = 8000;

const labelPattern =
  /^[\s*_#>•\-[(]*(?:\d+[.)]\s*)?(?::[a-z_]+:\s*|(?:\p{Extended_Pictographic}|\uFE0F)+\s*)?[*_]*\b(situation|context|background|the situation|task|my task|the task|my part|my role|my job|the ask|the challenge|goal|the goal|my goal|objective|action|actions|what i did|what we did|approach|result|results|outcome|impact|the result|lessons?|learned|learnt|learnings?|takeaways?|s|t|a|r)\b[*_\])]*\s*(?:\([^)]*\))?\s*[*_]*\s*[:\-–—\]]\s*[*_]*/iu;
/** "(S) …", "[Task] …": a label in brackets needs no colon. */
const bracketLabel = /^\s*[[(]\s*(situation|task|action|result|lesson|s|t|a|r)\s*[\])]\s*[:\-–—]?\s*/i;
const labelOf = (line: string) => labelPattern.exec(line) ?? bracketLabel.exec(line);
/** What each label names: a STAR part, or a lesson (read for the lesson, not a part). */
const labelParts: Record<string, StarPart | 'lesson'> = {
  context: 'situation',
  background: 'situation',
  'the situation': 'situation',
  'my part': 'task',
  'my role': 'task',
  'my job': 'task',
  'the ask': 'task',
  'the challenge': 'task',
  'my task': 'task',
  'the task': 'task',
  goal: 'task',
  'the goal': 'task',
  'my goal': 'task',
  objective: 'task',
  actions: 'action',
  'what i did': 'action',
  'what we did': 'action',
  approach: 'action',
  results: 'result',
  outcome: 'result',
  impact: 'result',
  'the result': 'result',
};
const labelPartOf = (word: string): StarPart | 'lesson' =>
  /^(?:lessons?|learned|learnt|learnings?|takeaways?)$/.test(word)
    ? 'lesson'
    : (labelParts[word] ?? letters[word] ?? (word as StarPart));
/** A label in the middle of a paragraph ("… at scale. Task: …") starts a new line. */
const inlineLabel = /([.!?"”)]\s+)(situation|task|actions?|results?)\s*:\s*/gi;
const letters: Record<string, StarPart> = Object.fromEntries(starParts.map((part) => [part.charAt(0), part]));

/** "40 seconds", "2.5 minutes". */
export function spoken(seconds: number): string {
  return seconds < 60
    ? `${seconds} second${seconds === 1 ? '' : 's'}`
    : `${(seconds / 60).toFixed(1)} minutes`;
}

const wordCount = (text: string) => (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;

function quote(text: string, max = 60): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

// ---------------------------------------------------------------------------------------------
// Reading prose: clauses, and the cues that say which STAR part a clause is.

const irregularPast =
  'built|led|wrote|rewrote|written|rewritten|taken|given|begun|chosen|driven|broken|shown|drawn|ran|split|made|took|set|got(?!\\s+(?:\\w+ed|hit|caught|stuck|burnt|lucky|unlucky|bitten)\\b)|found|put|went|told|gave|brought|sent|spent|kept|held|began|chose|drove|met|paid|sold|taught|won|lost|cut|shut|broke|grew|came|did|done|dealt|stood|spoke|caught|fought|bought|drew|oversaw|rebuilt|sat|struck|undertook|withdrew|wound|bet|hit|let|quit|sought|stuck|threw|froze|said|laid|lent|forgot|overheard|read|rode|rang|sped|swapped|tore|upheld|won|wrote';
const actionVerb = `(?:\\w{3,}ed|${irregularPast}|(?:re)?(?:write|build|run|lead|set|split|make|take|pull|push|add|move|ask|map|sit|pair|propose|draft|call|open|start|put|get|go|meet|talk|work|spend|bring|cut|turn|dig|pick|write|ship|book|block|drop|give|hold|keep|send|sketch|tell|use|check|help|fix|track|stop|change|look|reach|share|test|try|plan|build|wrap|pitch|show|walk|find|rewrite|rebuild|profile|migrate|automate|introduce|organise|organize|create|design|document|measure|set up|roll)s?)`;
/** Where a subject starts: the clause's start, after punctuation, or after a connective. */
const subjectStart =
  "(?:^|[,;:(]\\s*|\\b(?:and|but|so|then|first|finally|eventually|later|next|also|afterwards|after that|because|since|when|once|until|while|now|initially|instead|together|personally|ultimately|honestly|basically|actually|luckily|again|which is why|that's when|at that point|from there|in the end|in parallel|meanwhile|soon|quickly|immediately|(?:after|before|during|within|over|for|in|on|at|by|from|without|once|since|until)(?:\\s+[\\w'’-]+){1,6}?|(?:last|this|next|that|one|the next|the following) (?:week|month|quarter|year|sprint|summer|spring|autumn|fall|winter|day|night|morning|weekend)|together with \\w+|with \\w+'s help|on (?:day one|monday|tuesday|wednesday|thursday|friday))\\s*,?\\s+)";
const adverbs =
  "(?:'ve|’ve|'d|’d| have| had)?(?: (?:did not|didn't|never|not))?(?:\\s+(?:\\w+ly|then|also|first|finally|just|eventually|immediately|still|personally|myself|actually|basically|quickly|never|always|did|went and|ended up|all|collectively|together|then also|both|each|both also))*";
/** "I rewrote…", "I quietly built…", "then I moved…", "I've been pairing…" (not "the one I led"). */
const progressive =
  "(?:'m|’m| am| was|'ve been|’ve been| have been|'d been| had been)(?: \\w+ly| also| now| still| then)? \\w{2,}ing";
const iAction = new RegExp(
  `${subjectStart}(?:i|me and \\w+|\\w+ and i)(?:${adverbs}\\s+(?:was|got) (?:asked|told|given|tasked|put)\\b|${adverbs}\\s+${actionVerb}\\b|${progressive}\\b)`,
  'iu',
);
/** A clause that opens with "I" doing something: an action first, whatever context it carries. */
const opensWithI = new RegExp(
  `^(?:\\W*(?:so|well|ok|okay|honestly|basically|yeah|right now|now),?\\s+)?(?:i|me and \\w+|\\w+ and i)(?:${adverbs}\\s+${actionVerb}\\b|${progressive}\\b)`,
  'iu',
);
const weAction = new RegExp(
  `${subjectStart}(?:we|the team|our team|the squad|together we)(?:${adverbs}\\s+(?!(?:accepted|agreed|argued|knew|felt|thought|realised|realized|learned|learnt|wanted|needed|got \\w+ed)\\b)${actionVerb}\\b|(?:'re|’re| are| were|'ve been| have been)(?: \\w+ly| also| now| still| then)? \\w{2,}ing\\b)`,
  'iu',
);
/** A bullet or clause that starts with a verb: "Rewrote the cache", "Added alerts". */
const bareAction = new RegExp(
  `^(?:then|first|next|finally|also|and)?\\s*(?!(?:learned|learnt|realised|realized|noticed|thought|felt|knew|wished|liked|loved|hated|enjoyed|disagreed|agreed|argued|wanted|needed|hoped)\\b)(?:\\w{3,}ed|${irregularPast})\\b`,
  'i',
);
/** A clause in the passive: "the cache was rewritten", "alerts were added". */
const passiveAction =
  /\b(?:was|were|got|been)\s+(?:\w+ly\s+)?(?:\w{3,}ed|built|rewritten|written|rebuilt|split|set up|cut|taken|made|run|moved|shut down)\b/i;

const taskCue = new RegExp(
  [
    "\\bi (?:was|am|'m) (?:the )?(?:primary|secondary|ic|incident commander|on[- ]call|the one on call|the one|dri|owner|point person)\\b",
    '\\b(?:escalated|handed|assigned|passed|brought|gave|fell) (?:it |this |the \\w+ )?(?:over )?to me\\b',
    '\\b(?:got|given|had|took|was given) the (?:mission|job|task|goal|brief|remit|ask) (?:to|of)\\b',
    '\\b(?:were|was|got) (?:told|asked|expected|supposed|tasked) to\\b',
    "(?:'s|’s) (?:job|task|goal|role|mission|responsibility) (?:was|is)\\b",
    '\\btook (?:it|this|that) on\\b',
    '\\basked (?:every|each|all|both) (?:\\w+ )?(?:team|teams|engineers?|leads?|squads?) to\\b',
    "\\b(?:we|i)(?:'d| had) been (?:asking|pushing|trying|fighting|begging|lobbying) for\\b",
    "\\b(?:my|our|the team's) (?:task|job|goal|role|responsibility|mandate|mission|brief|remit|objective|aim|target|ask|assignment|challenge|priority|deliverable)s?\\b[^.;!?]{0,40}?\\b(?:was|were|is|became)\\b",
    '\\bthe (?:task|goal|mandate|mission|brief|objective|aim|target|ask|assignment|challenge|deliverable)s?\\b[^.;!?]{0,40}?\\b(?:was|were|is|became)\\b',
    '\\b(?:it|this|that) (?:was|is|became) (?:my|our) (?:job|responsibility|task|call|problem|project|baby)\\b',
    '\\b(?:asked|told|wanted|needed|tasked|charged|hired|brought|pulled|challenged|trusted) (?:me|us) (?:in )?(?:to|with)\\b',
    '^(?:goal|task|mission|aim|objective|the ask|my brief)\\b',
    "\\bi(?:'m| am| was| got| had been| ended up| became)(?: \\w+ly)? (?:asked|tasked|assigned|responsible|accountable|brought in|given|put in charge|charged|on the hook|the one|the (?:tech |team )?lead|the owner|the dri|hired|pulled in|nominated|told|expected)\\b",
    "\\b(?:i|we)(?:'d| had| needed| need| have| wanted| want| set out| decided| was supposed| were supposed| aimed| volunteered| committed| promised| got| signed up)(?: \\w+ly)? to\\b",
    '\\b(?:i|we) (?:had|have|needed|need) (?:a plan |a way |something )?to\\b',
    '\\bi (?:owned|own|took on|took over|picked up|inherited|stepped in|stepped up)\\b',
    '\\b(?:it|this|that|the job|the work) (?:fell|landed|was|came) (?:to|on) me\\b',
    '\\bmy (?:part|piece|side) (?:was|of)\\b',
    '\\b(?:the|our|my) (?:goal|target|deadline|mandate|ask) (?:of|for)\\b',
    '\\bhad to (?:get|make|fix|cut|bring|ship|find|stop|reduce|deliver|land|keep|decide|choose|convince|move|migrate|hit)\\b',
    '\\b(?:needed|had|wanted) to (?:be|get|stop)\\b',
    '\\bwas (?:asked|expected|supposed) to\\b',
    '\\bso that (?:we|i|the|our)\\b',
    '\\b(?:the call|the decision|the problem|the fix|it|this|that) (?:was|is|became) (?:mine|ours|on me)\\b',
    "\\b(?:agreed|promised|committed|volunteered|offered|decided)\\b[^.;!?]{0,40}\\bthat (?:i|we)(?:'d| would| will|'ll)\\b",
    '\\b(?:i|we) (?:needed|wanted|want|need)\\b',
    "\\b(?:i'?m|i am|i was|we'?re|we were) going to (?:fix|solve|change|get|make|build|own|lead)\\b",
    '\\bwas asked (?:by [^.;!?]{1,30}? )?to\\b',
    '\\b(?:got|given|handed|assigned|picked up) (?:a|the|an) (?:ticket|task|okr|goal|request|mandate|project|brief|problem)\\b',
    '\\b(?:had|have|got|gave us|gave me) (?:only |just )?(?:\\w+ ){0,2}(?:days?|weeks?|months?|quarters?|sprints?) to\\b',
    '\\b(?:took|take|taking) (?:it|this|that|the \\w+) (?:on|upon) (?:myself|me)\\b|\\bas my own\\b',
    '\\b(?:the|an|our|my) (?:[\\w"“”…\'-]+ ){0,5}okr\\b',
    "\\b(?:so (?:that )?(?:we|i)(?:'d| could| would)?|to|in order to) (?:hit|make|meet|beat|catch|land|keep) (?:the|a|our|their|that) (?:[\\w'’-]+ )?(?:date|deadline|go-live|launch|target|window|sla|slo|commitment|budget|quarter)\\b",
    '^(?:had|needed|wanted|got) to\\b',
    '\\basked (?:me|us|eng|engineering|the team|my team|our team|the platform team)\\b[^.;!?]{0,25}?\\bto\\b',
    '\\bneeds? to be (?:\\w+ )?(?:off|on|done|ready|live|moved|migrated|finished|fixed|shipped|in place)\\b',
    // "…was my responsibility", "I was in charge of…", "mine to deliver", "gave me the task to…".
    '\\b(?:was|is|became) (?:my|our) (?:job|responsibility|task|call|problem|project|remit|mandate)\\b',
    '\\bin charge of\\b|\\b(?:was|is) mine\\b|\\bmine to (?:\\w+)\\b',
    '\\bgave (?:me|us|my team|our team) (?:the|a) (?:task|job|goal|mission|brief|mandate) (?:to|of)\\b',
    '\\b(?:asked|told|wanted|needed|tasked|expected) (?:our|my|the) (?:[\\w-]+ )?(?:team|group|squad|org|department) to\\b',
    '\\bthe plan (?:from [\\w ]{1,30}? )?(?:was|is)\\b',
    // A goal written as a command, as people do in a form field: "Get every critical CVE patched".
    '^(?:get|make|move|cut|reduce|ship|deliver|bring|keep|stop|hire|launch|improve|upgrade|increase|decrease|replace|consolidate|standardi[sz]e|automate|migrate|fix|find|build|hit|land|raise|lower)\\b',
  ].join('|'),
  'i',
);

const resultCue = new RegExp(
  [
    '\\b(?:as a result|in the end|ended up|the (?:result|outcome|upshot|impact|payoff) (?:was|is)|results?:|outcome:|this (?:led|resulted|meant)|that (?:led|resulted)|since then|since that|ever since|by the end|afterwards|after that|within (?:a|an|one|two|three|four|five|six|\\d+) (?:days?|weeks?|months?|quarters?|sprints?)|a (?:week|month|quarter|year) later|\\w+ (?:weeks|months) later|so far|to date|nowadays|these days)\\b',
    '\\b(?:fell|dropped|rose|grew|doubled|halved|tripled|shrank|decreased|increased|improved|went (?:from|down|up|to)|came down|went away|disappeared|stopped|vanished|died down|paid off|worked|succeeded|held up|stuck|landed|shipped|launched|went live|hit (?:the|our)|met (?:the|our)|beat|passed|saved|avoided|caught|prevented|cleared|closed|finished|completed|recovered|adopted|promoted|got promoted|got (?:a|the) (?:return offer|promotion|offer)|signed|renewed)\\b',
    "\\b(?:no (?:more|longer)|never (?:again|since|had)|haven't had|hasn't had|have not had|hasn't (?:happened|come up|failed|broken)|zero|none since|not a single|nobody has|no one has|is now|are now|now (?:runs|takes|has|have|is|are|owns|use|uses|ship|ships|get|gets)|still (?:in use|running|use|uses))\\b",
    '\\b(?:was|were|is|are) (?:down|up) (?:to|by|from)\\b',
    '\\b(?:went (?:out|live|fine|well|smoothly|clean|off)|turned out (?:to be|fine|well|great|right)|(?:a lot|much|far|way|significantly|noticeably) (?:happier|better|faster|calmer|quieter|smoother|easier|cheaper|more \\w+)|(?:was|were) (?:happier|faster|better|calmer|quieter))\\b',
    '\\bby the time (?:i|we) (?:left|finished|were done|handed (?:it )?over|moved on)\\b',
    '\\b(?:anymore|any more|any longer)\\b',
    '\\b(?:nobody|no one) (?:complained|noticed|left|quit|asked|minded|got paged)\\b|\\b(?:on time|on schedule|ahead of schedule|on budget)\\b',
    '^now\\b|\\bnow (?:he|she|they|we|it|the team|people|everyone|nobody|all)\\b',
    '\\b(?:cut|reduced|brought|got|took) (?:it |that |this |the \\w+ )?(?:down|from|to|by)\\b',
  ].join('|'),
  'i',
);

const numberWords =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozen|half|third|quarter|zero|none';
/** Units of an amount (not of time: "two months later" says when, not how much). */
const units =
  '%|percent|pc|x\\b|×|ms|k\\b|m\\b|users|customers|incidents|tickets|requests|deploys?|pages?|alerts?|times|bugs|errors|outages|escalations|complaints|releases|points|pp\\b|percentage points|dollars|euros|pounds|gb|tb|mb|cores|nodes|servers|instances|hires|jobs|queries|builds|failures|defects|signups|conversions?';
/** Units an amount in digits also counts with ("40 engineers adopted it"). */
const digitUnits = `${units}|engineers|teams|services|people|tenants|repos`;
const timeUnits =
  'ms|milliseconds?|secs?|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|quarters?|sprints?|years?';
const amount = `(?:~?\\d[\\d,.]*\\+?|${numberWords}|an?|one|half an?|a couple of|a few)`;
/** A count in words or digits ("two", "a dozen"), not "a" or "one of". */
const count = `(?:\\d[\\d,.]*|${numberWords.replace('|half|third|quarter', '')}|a few|a couple of|a dozen)`;
/** A quantity of change: an amount with a unit, money, a multiple, a range, a fraction, a count, a measured time. */
const quantityPattern = new RegExp(
  [
    `\\d[\\d,.]{0,15}\\s*(?:${digitUnits})`,
    '[$€£]\\s?\\d',
    '\\b\\d{1,6}(?:\\.\\d+)?\\s?(?:x|×)\\b',
    // A measured time ("deploys take 5 minutes", "down to under an hour"), not a when ("after two months").
    `\\b(?:take|takes|took|taking|to|down to|under|in under|less than|more than|than|from|only|just|about|around|of|by|at|now|was|is|were|are)\\s+(?:about |around |roughly |under |less than |just |only )?(?:~?\\d[\\d,.]*\\s?(?:${timeUnits}|s|h)|${amount}[\\s-](?:${timeUnits}))\\b(?! (?:later|ago|after|before|in))`,
    `\\b(?:\\d[\\d,.]*|${numberWords})\\s*(?:${timeUnits})\\s+(?:to|down to|->|→)\\s+`,
    `\\bin ${amount}[\\s-]?(?:${timeUnits}) instead of\\b|\\b${amount}[\\s-]?(?:${timeUnits}) (?:early|ahead of|before (?:the )?(?:deadline|date|launch|schedule|go-live))\\b`,
    `\\b\\w+ed within ${amount}[\\s-]?(?:${timeUnits})\\b`,
    `\\b(?:handled|processed|served|answered|hired|shipped|closed|migrated|moved|deleted|removed|caught|fixed|resolved|onboarded|saved|killed|retired|decommissioned|merged|trained|promoted|rotated|found|blocked|converted|won|signed|launched|automated|replaced) ${count} (?!(?:${timeUnits})\\b)[\\w-]+`,
    "\\b(?:hasn't|has not|haven't|have not|never) (?:happened|recurred|come back|came back|broken|failed|paged)(?: again)?\\b",
    `\\b\\d+\\s*(?:${timeUnits})\\s+of\\b|\\b(?:a few|several|a couple) hundred\\b|\\b(?:hundreds|thousands|dozens) of\\b`,
    '\\b(?:a single time|not once|never once)\\b|\\b\\d+ish\\b',
    `\\b\\d+ [\\w-]+ (?:left|remaining)\\b|\\b(?:under|below|over|above|less than|more than) ${count}\\b(?! (?:${timeUnits})\\b)`,
    '\\b(?:to|by|of|from|under|below|over|only|just|about|around|with|saw|had|got|hit|reached)\\s+~?(?!(?:19|20)\\d{2}\\b)\\d+(?:\\.\\d+)?\\b(?!-| ?(?:days?|weeks?|months?|years?|quarters?|sprints?)\\b)',
    '(?<![-\\w])\\d+(?:\\.\\d+)?\\s+(?:of|out of|a|per|an|every)\\s+(?:\\d+|the|our|\\w+)\\b',
    '\\d\\S{0,20}\\s*(?:->|→|=>|➡️?)\\s*~?\\d',
    '\\d+\\s*/\\s*(?:month|week|day|year|quarter|sprint|night|release|deploy)\\b',
    '(?:^|[.!?]\\s+|\\n)\\s*~?\\d+(?:\\.\\d+)?\\s+(?!(?:days?|weeks?|months?|years?|quarters?|sprints?)\\b)\\w',
    `\\bfrom (?:about |around |roughly |over |under )?(?:\\S*\\d\\S*|${numberWords}|a (?:week|day|month|handful|dozen))\\b[^.;\\n]{0,40}?\\bto\\b`,
    `\\b(?:to|down to|up to|at|with|had|saw|only|just)(?: about| around| roughly| under| over| just| only| nearly| almost| below| above)? (?:${numberWords})\\b(?! (?:days?|weeks?|months?|years?|quarters?|sprints?)\\b)`,
    '\\b(?:halved|doubled|tripled|quadrupled|twice|\\d+-fold|cut (?:it |that |them )?in half|by (?:half|a third|a quarter|two thirds)|in half|a third|a quarter)\\b',
    `\\b(?:${numberWords}|all|both) (?:of|out of) (?:\\d+|${numberWords})\\b`,
    `\\b(?:${numberWords}|a few|a couple of)\\s+(?:[\\w-]+ )?(?:${units})\\b`,
    `\\ba dozen\\s+(?:${digitUnits})\\b`,
    `\\b(?:${numberWords}) times\\b`,
    '\\b(?:zero|none|nothing|not (?:a|one) single|not one|no (?:more )?(?:[\\w-]+ )?(?:incidents?|outages?|pages?|escalations?|complaints?|failures?|regressions?|rollbacks?|tickets?|bugs?|alerts?|issues?|errors?|misuse|gaps?|downtime|data loss|problems?|surprises?))\\b',
    "\\b(?:haven't|hasn't|have not|has not) had (?:a|one|any)\\b",
    '\\b(?:weeks|days|months|hours|minutes) to (?:days|hours|minutes|seconds)\\b',
    '\\bhalf (?:the )?(?:size|time|cost|price|number|count|latency|load|bill|spend|tickets|pages|incidents|memory|traffic)\\b|\\bhalf (?:a|an) (?:day|hour|week|minute|afternoon|morning)\\b',
    '(?<![\\w.])0\\s+[a-z]',
    '\\b(?:one|two|three|half)-(?:afternoon|morning|day|hour|week|minute|click|line|command|step)\\b',
    `\\b(?:all|the next|the first|the last|next|first|last) ${count}\\b(?! (?:days?|weeks?|months?|years?|quarters?|sprints?)\\b)`,
  ].join('|'),
  'i',
);
/** Any number at all, in digits (not a year) or words: what a quantified Result cannot do without. */
const anyNumber = new RegExp(
  `(?<![\\w.])(?!(?:19|20)\\d{2}\\b)\\d|\\b(?:${numberWords}|twice|halved|doubled|tripled|a few|a couple|several|dozens|hundreds|thousands)\\b`,
  'i',
);
const vaguePattern =
  /\b(improved|increased|reduced|decreased|boosted|enhanced|optimi[sz]ed|sped up|lowered|raised|better|faster|happier|smoother|more (reliable|stable|efficient)|a lot|much)\b([^.;\n]{0,40})/i;
const tradeoffPattern = new RegExp(
  [
    '\\btrade-?off\\b(?! (?:of each|for each))',
    '\\b(?:chose|choose|chosen|picked|went with|opted for|decided (?:to|on)|prioriti[sz]ed|preferred|kept|favou?red)\\b[^.;!?]{0,80}\\b(?:instead of|rather than|over)\\b',
    '\\brather than\\b',
    '\\bat the (?:cost|expense|price) of\\b',
    '\\bweigh(?:ed|ing)?\\b',
    '\\b(?:pros and cons|build (?:vs|versus|or) buy|versus|vs\\.?)\\b',
    '\\b(?:i|we) (?:decided against|decided not to|gave up|sacrificed|deprioriti[sz]ed|parked|traded|knowingly|deliberately|consciously)\\b',
    '\\b(?:accept(?:ed|ing)?|live with|lived with|took|take) (?:the|a|that|some|this|those) (?:risk|cost|hit|delay|downside|debt|slip|tradeoff|trade-off)s?\\b',
    '\\b(?:accepted|accepting|accept) that\\b',
    '\\b(?:the )?(?:cost|downside|price|catch) (?:was|is|of that|of this)\\b',
    '\\b(?:it|that|this|which) (?:meant|cost|costs) (?:us|me|the|a|we|that|our|them|giving|delaying|slipping|dropping|losing|less|more|two|three|an?)\\b',
    '\\b(?:a )?(?:cost|price|risk) (?:worth paying|worth taking|i was willing|we were willing)\\b',
    '\\b(?:was|is|were) (?:acceptable|worth it|worth the)\\b',
    '\\bthere (?:was|is) a (?:more thorough|better|proper|cleaner|faster|cheaper|simpler|safer|bigger|nicer) (?:fix|way|option|approach|solution|design)\\b',
    '\\bthe (?:proper|right|clean|ideal|perfect) (?:way|fix|solution)\\b[^.;!?]{0,80}\\bbut\\b',
    '\\bwould have (?:taken|cost|meant|required)\\b',
    '\\b(?:technical|tech) debt\\b',
    '\\b(?:considered|the other option|option (?:a|b|one|two)|the alternative)\\b',
    '\\b(?:compromise|not worth)\\b',
    '\\b(?:chose|decided|opted) not to\\b',
    '\\b(?:slower|costlier|harder|riskier|more expensive|less elegant|uglier|more work|less flexible|less clean)\\b[^.;!?]{0,60}\\bbut\\b',
    '\\b(?:even though|even if|knowing (?:we|i|it|that)|at the risk of)\\b',
    '\\b(?:means|meant) (?:occasionally|sometimes|that some|some)\\b',
    "\\b(?:did not|didn't|wasn't|weren't|were not|was not) (?:make me popular|thrilled|happy about|popular)\\b",
    '\\binstead of (?:the|a|an) [^.;!?]{0,40}\\b(?:asked for|wanted|expected|requested|planned)\\b',
    '\\binstead of (?:standing up|building|writing|hiring|buying|doing|running|maintaining|rolling) (?:our|my|a|an) own\\b',
    '\\b(?:each|both) presented\\b|\\bour options\\b',
    '\\blive with\\b|\\bpaid (?:double|twice|extra|more)\\b',
    '\\b(?:choose|chose|choosing|picked|pick|went for|go with)\\b[^.;!?]{0,40}\\binstead\\b|\\binstead,? (?:we|i)\\b',
    '\\bcould (?:have )?\\w+\\b[^.;!?]{0,60}\\bbut\\b',
    '\\b(?:it|that|this|which) meant \\w+ing\\b',
    '\\bcut (?:the )?scope\\b|\\bde-?scoped?\\b|\\bcut (?:those|them|that|features?|corners)\\b|\\bnot in v1\\b|\\bexplicitly not\\b|\\bout of scope\\b|\\bleft (?:\\w+ )?out\\b',
    "\\b(?:did not|didn't) (?:try to|bother)\\b",
    '\\binstead of\\b|\\binstead\\s*(?:[,.;)]|$)',
    '\\b(?:launch|release|the date|deadline|it|delivery) slipped\\b',
    '\\b(?:as|was|is) the (?:cost|price)\\b',
    '\\bleave (?:\\w+ ){0,3}as (?:they|it) (?:are|is|were|was)\\b',
    "\\b(?:other|their|his|her|the other person's|the other) options?\\b",
    "\\bwe'?d lose\\b|\\bwhat we'?d (?:lose|give up)\\b|\\bwe would lose\\b",
    '\\bwould have (?:been|taken|cost|meant|needed|required|given)\\b|\\bscope\\b|\\bpark(?:ed|ing)\\b',
    "\\baccept(?:ed|ing)?\\b|\\bi'?d rather\\b|\\b(?:offered|agreed) to (?:drop|give up|cut|skip|delay|defer|trade|wait)\\b",
    '\\b(?:proposed?|chose|went with|picked|decided on|focus(?:ed)? on)\\b[^.;!?]{0,60}, not (?:the|a|our)\\b',
  ].join('|'),
  'i',
);
const lessonPattern =
  /\b(learn(?:ed|t|ing)?|lessons?|next time|would (?:do|have done) (?:it |things )?differently|do (?:it |things )?differently|taught me|in hindsight|in retrospect|looking back|i now|now i|since then i|what i'?d change|take-?away|took away|i'?d (?:push|start|do|involve|bring|ask|have|write|talk|go|set|loop|raise|get|spend|make|insist)|i (?:should|would) have|should have|realis(?:ed|e)|realiz(?:ed|e)|changed how i|i always|i still|my rule|the thing i'?d|reminded me|showed me|convinced me|if i did it again|if i were)\b/i;

/** Context: how things were, where, when ("we were…", "our pipeline kept failing", "two years ago"). */
const contextCue =
  /\b(?:was|were|had been|used to|kept (?:\w+ing)|there (?:was|were|is|are)|at (?:my|our|the|a) (?:last|previous|old|current|first|former)|when i (?:joined|started|was|arrived|moved)|i (?:was|am|'m) (?:a|an|the|on|in|working|leading|one of|part of|running|responsible)|we (?:were|had|are|have)|our (?:\w+ )?(?:team|company|service|system|platform|org|product|pipeline|app|database|cluster|process|build|release|on-?call)s? (?:was|were|had|kept|is|are|has|used)|(?:years?|months?|weeks?) ago|last (?:year|quarter|month|spring|summer|autumn|fall|winter)|back (?:in|when)|in (?:19|20)\d\d|every (?:week|month|quarter|release|sprint|night|time)|(?:is|are|was|were) (?:slow|broken|failing|flaky|noisy|late|stuck|down|missing|unclear|a mess|a nightmare|painful))\b/i;

const principalSignals: ReadonlyArray<readonly [string, RegExp]> = [
  ['influence', /\b(influenc\w*|persuad\w*|convinc\w*|buy-?in|aligned|alignment|stakeholders?)\b/i],
  ['long-term thinking', /\b(long[- ]term|roadmap|strategy|strategic|scal(e|ing|able)|evolution|future)\b/i],
  ['multiplying others', /\b(mentor\w*|coach\w*|taught|teach\w*|grew the team|onboard\w*|multiplier)\b/i],
  ['documented decisions', /\b(ADR|design doc|documented|write-?up|RFC|post-?mortem|runbook)\b/i],
  ['measured impact', /\b(metrics?|measured|dashboard|SLO|KPI|tracked)\b/i],
];

/** Splits prose into clauses: sentences, bullets and lines, and the halves of "…, so I …". */
function clausesOf(text: string): string[] {
  return (
    text
      .replace(/[*_~`]+/g, '')
      // A run of spaces is one space (and costs no backtracking on a 40,000-character message).
      .replace(/[^\S\n]{2,}/g, ' ')
      .replace(/(?:^|\s)(?:→|⟶|➡️?)\s+/gu, '\n')
      .split(
        /(?<!\b(?:e\.g|i\.e|vs|etc|approx|incl|cf|mr|ms|dr))(?<=[.!?])\s+(?=[\p{L}\d"“(*_])|\n+|;\s+|\s+[—–]\s+(?=(?:i|we|so|and|but|then|it|that)\b)|,?\s+(?:so|which meant|and then|then|but then|until)\s+(?=(?:i|we|the team|it|my|our)\b)/iu,
      )
      .flatMap(splitOutcome)
      .map((c) =>
        c.replace(/^(?:(?:[\s>*•\-_]|\p{Extended_Pictographic}|\uFE0F)+|\d{1,2}[.)]\s+)+/u, '').trim(),
      )
      .filter((c) => /\p{L}/u.test(c))
  );
}

/** "I added a cache and p95 dropped from 800 ms to 120 ms": the outcome after "and" is a clause of its own. */
function splitOutcome(clause: string): string[] {
  const joint = /,?\s+(?:and|which|so|and so|now|and now)\s+|,\s+|\s*(?:\p{Extended_Pictographic})+\s*/giu;
  // The last joint after which comes an outcome: "found a cron, killed it, p99 back under 300 ms".
  let at: { start: number; end: number } | undefined;
  for (const match of clause.matchAll(joint)) {
    const start = match.index ?? 0;
    const tail = clause.slice(start + match[0].length);
    if (/^(?:i|we)\b/i.test(tail)) continue;
    // "…, which made everyone happier", not "…to find which app versions still hit v1".
    if (
      /which/i.test(match[0]) &&
      !/^(?:\w+ed|made|meant|cut|took|gave|brought|led|saved|kept|let|got)\b/i.test(tail)
    )
      continue;
    const outcome =
      match[0].trim() === ','
        ? // After a bare comma only a plain outcome splits off ("Rolled it back, outage was 10 min").
          ((quantityPattern.test(tail) || /\b(?:nobody|no one|zero|none)\b/i.test(tail)) &&
            !bareAction.test(tail)) ||
          /^(?:fixed|solved|resolved|sorted|gone|done|back to normal|all green)\b/i.test(tail)
        : resultCue.test(tail) ||
          (quantityPattern.test(tail) &&
            (/\bnow\b/i.test(match[0]) ||
              /\b(?:went|dropped|fell|came|is|was|were|are|got|takes?|took)\b/i.test(tail)));
    if (outcome) at = { start, end: start + match[0].length };
  }
  return at ? [clause.slice(0, at.start), clause.slice(at.end)] : [clause];
}

/** "Led a rewrite of…", "I owned the migration": the writer's own brief, told as what they did. */
const roleCue = /^(?:i )?(?:led|owned|drove|ran point on|was responsible for)\b/i;

/** An opening that sets the scene while it says what was done or asked. */
const openingContext =
  /\b(?:disagreed|argued|pushed back|clashed|conflict|had (?:crept|grown|become|been|gotten|drifted|ballooned|doubled|slipped)|(?:at|in|on) (?:my|our|a|the) (?:last|previous|old|current|former|first|new)?\s*(?:company|team|job|startup|squad|org|place|role|project|gig)|when|because|during|while|with no|without|after|before|(?:that|who|which)(?: had|'d|’d| was| were| kept)|whose|(?:a|our|the) (?:\w+ )?(?:company|startup|service|system|platform|pipeline|codebase|monolith|migration|deadline|outage|incident|deal|launch|audit|reorg|rotation|ticket|okr)\b)/i;

/** A clause that says something happened ("Twelve teams, each with their own setup" does not). */
const finiteVerb =
  /(?:\b(?:\w{3,}ed|is|are|was|were|has|have|had|got|gets|became|becomes|went|goes|came|comes|made|makes|took|takes|saw|sees|ran|runs|kept|keeps|left|stopped|started|works|worked|needs|uses|stays|shipped|won|lost|grew|fell|rose)\b|'s\b|’s\b)/i;

type Cues = {
  task: boolean;
  action: boolean;
  result: boolean;
  context: boolean;
  pending: boolean;
  we: boolean;
  /** Done, by nobody named: "the cache was rewritten". */
  passive: boolean;
  i: boolean;
  /** An action with no subject ("Rewrote the cache"): the writer's, unless the story is told in "we". */
  bare: boolean;
};

/** No outcome yet: "still rolling this out", "waiting on the review", "ask me in a month". */
const pendingCue =
  /\b(?:still (?:rolling|working|waiting|in progress|early|ongoing|going|migrating|on it|figuring)|waiting (?:on|for)|too (?:early|soon) to (?:say|tell)|ask me in|not (?:done|finished|there) yet|we'?ll see|in progress|ongoing|will (?:know|see|tell|find out)|(?:it's|it is) next \w+|hope(?:fully)? (?:to|it)|fingers crossed|no results? yet|will (?:update|finish|report|post|follow up|write)(?: (?:this|it|more))?(?: later| when| once| after)|(?:goes|go|going) (?:live )?next (?:week|month|quarter|sprint)|(?:don't|do not) know yet|early days)\b/i;

/**
 * One analysis's reading of clauses and their cues, each worked out once: the split, the subjects
 * and the model's features read the same clauses.
 */
type Reader = {
  readonly clauses: (text: string) => string[];
  readonly cues: (clause: string) => Cues;
  /** Whether a clause states a quantity (`quantityPattern`). */
  readonly quantity: (clause: string) => boolean;
  /** Whether a clause names a lesson (`lessonPattern`). */
  readonly lesson: (clause: string) => boolean;
};
function newReader(): Reader {
  const clauses = new Map<string, string[]>();
  const cues = new Map<string, Cues>();
  const quantities = new Map<string, boolean>();
  const lessons = new Map<string, boolean>();
  const memo =
    <T>(map: Map<string, T>, read: (key: string) => T) =>
    (key: string) => {
      const known = map.get(key);
      if (known !== undefined) return known;
      const value = read(key);
      map.set(key, value);
      return value;
    };
  return {
    clauses: memo(clauses, clausesOf),
    cues: memo(cues, cuesOf),
    quantity: memo(quantities, (clause) => quantityPattern.test(clause)),
    lesson: memo(lessons, (clause) => lessonPattern.test(clause)),
  };
}

function cuesOf(written: string): Cues {
  // Words in quotes are someone's words, not the story's ("make the dashboard faster"); "When I
  // joined, …" says when, not what was done.
  const clause = written
    .replace(/["“][^"”]{0,80}["”]/g, '"…"')
    .replace(/^(?:when|after|before|since|by the time|once|while|as soon as|until)\b[^,]{0,60},\s*/i, '');
  const iDoes = iAction.test(clause);
  const bare = !iDoes && bareAction.test(clause) && !/^(?:it|this|that)\b/i.test(clause);
  const i = bare || iDoes;
  const we = weAction.test(clause);
  const passive = !i && !we && passiveAction.test(clause);
  return {
    task: taskCue.test(clause),
    action: i || we || passive,
    result: resultCue.test(clause) || /^(?:result|outcome|impact)\b/i.test(clause),
    context: contextCue.test(clause),
    pending: pendingCue.test(clause),
    we,
    passive,
    i,
    bare,
  };
}

/** Splits free text into STAR parts: by labels ("Situation:") when there are any, else by reading it. */
export function splitFreeText(input: string, read = newReader()): Record<StarPart, string> {
  const text = input.slice(0, maxAnalysedChars).replace(inlineLabel, '$1\n$2: ');
  const lines = text.split(/\r?\n/);
  const labelled = lines.filter((line) => labelOf(line)).length;
  if (labelled >= 2) return fillFromProse(splitByLabels(lines), read);
  return splitProse(text, read);
}

/**
 * Labels (or the form's fields) say where a writer put each part, but people put a whole story under
 * one label and leave another empty: a part left empty is read from the prose of the rest.
 */
function fillFromProse(written: Record<StarPart, string>, read: Reader): Record<StarPart, string> {
  // "Result: still rolling this out, ask me in a month" has no result yet.
  const noOutcomeYet = (text: string) =>
    pendingCue.test(text) &&
    read
      .clauses(text)
      .every(
        (c) => pendingCue.test(c) || !(resultCue.test(c) || quantityPattern.test(c) || finiteVerb.test(c)),
      );
  const labelled = eachStarPart((p) => (p === 'result' && noOutcomeYet(written[p]) ? '' : written[p]));
  // Three parts labelled: the writer used the labels, and the fourth is missing, not hidden.
  if (starParts.filter((p) => labelled[p].trim() !== '').length >= 3) return labelled;
  const prose = splitProse(starParts.map((p) => labelled[p]).join('\n'), read);
  return eachStarPart((p) => (labelled[p].trim() !== '' ? labelled[p] : prose[p]));
}

function splitByLabels(lines: readonly string[]): Record<StarPart, string> {
  const result = eachStarPart(() => '');
  // Text before the first label is part of the Situation; a lesson's lines belong to no part.
  let current: StarPart | 'lesson' = 'situation';
  for (const line of lines) {
    const label = labelOf(line);
    const text = label?.[1] ? line.slice(label[0].length) : line;
    if (label?.[1]) current = labelPartOf(label[1].toLowerCase());
    if (current !== 'lesson') result[current] += `${text}\n`;
  }
  return result;
}

/**
 * Prose: each clause is given a part. A task cue makes a task; an action ("I rewrote…", "we
 * moved…", "Added alerts") an action; an outcome after the first action a result; what comes
 * before the first action or task is the situation; anything else continues the part before it.
 */
function splitProse(text: string, read: Reader): Record<StarPart, string> {
  const result = eachStarPart(() => '');
  const clauses = read.clauses(text);
  const cues = clauses.map(read.cues);
  const firstAction = cues.findIndex(
    (c, index) => c.action && !c.task && (index > 0 || c.i || (c.we && !c.context)),
  );
  let current: StarPart = 'situation';
  let opening = 0;
  clauses.forEach((clause, index) => {
    const cue = cues[index] as Cues;
    // A heading ("How I handled the vague OKR:", "Difficult stakeholder, bullet version:") is no
    // part, unless it sets the scene ("Cost cutting, last year:"); the story opens after it.
    if (index === opening && /:\s*$/.test(clause) && !cue.task && clauses.length > index + 1) {
      if (cue.context || openingContext.test(clause)) result.situation += `${clause} `;
      opening += 1;
      return;
    }
    const afterAction = firstAction >= 0 && index > firstAction;
    const quantifiedChange =
      (afterAction || (firstAction < 0 && index > opening)) && read.quantity(clause) && !cue.i;
    const outcome = (cue.result || quantifiedChange) && !cue.i && !cue.pending;
    // "Led a rewrite of…" opens with the writer's brief: a task, told as what they did.
    if (index === opening && !cue.task && roleCue.test(clause)) result.task += `${clause} `;
    // The story opens with its context, unless it opens with "I …"; so does a sentence of how
    // things were before anything was done.
    if (index === opening && cue.we && !cue.context && !cue.task) {
      // "We moved the pipeline to Lambda last spring": the scene, and what was done.
      result.situation += `${clause} `;
      current = 'action';
    } else if (index === opening && !cue.task && !opensWithI.test(clause) && (cue.context || !cue.i))
      current = 'situation';
    else if (index === opening && openingContext.test(clause)) {
      // "I took over a team that had missed every milestone", "I was asked to mentor a graduate
      // who was struggling": the opening sets the scene as it says what was done or asked.
      result.situation += `${clause} `;
      current = cue.task ? 'task' : 'action';
    }
    // "Still rolling it out, ask me in a month": no result yet.
    else if (cue.pending && !cue.action) current = current === 'result' ? 'action' : current;
    else if (cue.task) current = 'task';
    else if (outcome && (afterAction || (firstAction < 0 && index > 0))) current = 'result';
    else if (cue.context && !cue.action && (firstAction < 0 || index < firstAction)) current = 'situation';
    else if (cue.action && (!cue.result || index === firstAction)) current = 'action';
    else if (firstAction < 0 || index < firstAction) current = current === 'task' ? 'task' : 'situation';
    // After the actions, what is neither an action nor a lesson tells what came of them.
    else if (current === 'action' && !lessonPattern.test(clause) && !cue.pending && finiteVerb.test(clause))
      current = 'result';
    // A lesson after the story is no STAR part (it is read from the whole answer).
    if (afterAction && current === 'result' && !outcome && lessonPattern.test(clause)) return;
    result[current] += `${clause} `;
  });
  return result;
}

/**
 * Who does the things in a text: the subject of each clause ("I proposed…" against "We
 * migrated…"). A "we" inside a clause ("the plan we had") is not counted. Things done by nobody
 * named ("the cache was rewritten") count as "we" only where no "I" does anything at all: beside
 * the writer's own actions they are facts ("85% of the libraries were written in TypeScript").
 */
export function subjects(text: string, read = newReader()): { i: number; we: number } {
  let i = 0;
  let we = 0;
  let passive = 0;
  let bare = 0;
  for (const clause of read.clauses(text.replace(/\*\*[^*]+\*\*:?/g, ' '))) {
    const cue = read.cues(clause);
    if (cue.bare) bare += 1;
    else if (cue.i) i += 1;
    else if (cue.we) we += 1;
    else if (cue.passive) passive += 1;
  }
  // Bullets with no subject are the writer's, unless the story around them is told in "we".
  if (i > 0 || we === 0) i += bare;
  return { i, we: i === 0 ? we + passive : we };
}

// ---------------------------------------------------------------------------------------------
// Features for the trained model (coach-model.ts): what the patterns read, where, and the words.

type PatternReading = {
  readonly split: Record<StarPart, string>;
  /** The whole answer, as one text. */
  readonly all: string;
  readonly present: Record<StarPart, boolean>;
  readonly quantified: boolean;
  readonly subjects: { readonly i: number; readonly we: number };
  readonly tradeoff: boolean;
  readonly lesson: boolean;
  readonly read: Reader;
};

/** What the hand-written patterns read in an answer. */
function patternReading(input: StarAnswer | { text: string }): PatternReading {
  const free = 'text' in input;
  const read = newReader();
  const split = free
    ? splitFreeText(input.text, read)
    : fillFromProse(
        eachStarPart((p) => input[p]),
        read,
      );
  const all = free ? input.text.slice(0, maxAnalysedChars) : starParts.map((p) => input[p]).join('\n');
  return {
    split,
    all,
    present: eachStarPart((p) => wordCount(split[p]) >= 1),
    quantified: quantityPattern.test(split.result),
    subjects: subjects(split.action, read),
    tradeoff: tradeoffPattern.test(all),
    lesson: lessonPattern.test(all),
    read,
  };
}

const log1 = (n: number) => Math.log1p(n) / 3;
/** Words as the model sees them: lower case, digits as "0", one word a token. */
const tokensOf = (text: string) =>
  (
    text
      .toLowerCase()
      .replace(/\d+(?:[.,]\d+)*/g, '0')
      .match(/[\p{L}0][\p{L}0'’-]*|[%$€£→]/gu) ?? []
  ).map((t) => t.replace(/’/g, "'"));

/**
 * An answer's features for the trained model: the patterns' reading (the parts, their length, the
 * cues of each clause, counted), where things are told (the opening, the closing, the labels or form
 * fields), the answer's shape (what its first, second and last clause say), and the words. Pure and
 * deterministic.
 */
export function answerFeatures(
  input: StarAnswer | { text: string },
  reading = patternReading(input),
): Map<string, number> {
  const f = new Map<string, number>();
  const add = (name: string, value = 1) => {
    if (value !== 0) f.set(name, (f.get(name) ?? 0) + value);
  };
  const free = 'text' in input;
  add(free ? 'where:thread' : 'where:form');
  for (const part of starParts) {
    const words = wordCount(reading.split[part]);
    add(`p:${part}`, reading.present[part] ? 1 : 0);
    add(`p:${part}:words`, log1(words));
    if (!free) add(`field:${part}`, input[part].trim() === '' ? 0 : 1);
  }
  add('p:quantified', reading.quantified ? 1 : 0);
  add('p:tradeoff', reading.tradeoff ? 1 : 0);
  add('p:lesson', reading.lesson ? 1 : 0);
  add('p:action-i', log1(reading.subjects.i));
  add('p:action-we', log1(reading.subjects.we));
  add('p:we-over-i', reading.subjects.we > reading.subjects.i ? 1 : 0);
  add('p:i-only', reading.subjects.i > 0 && reading.subjects.we === 0 ? 1 : 0);
  add('total-words', log1(wordCount(reading.all)));

  // Labels the writer used ("Situation:", "**Result** -"). Labelled answers and the form say
  // where each part is: what the patterns read there is weighed apart from what they read in prose.
  const labels = new Set<string>();
  if (free) {
    for (const line of reading.all.split(/\r?\n/)) {
      const label = labelOf(line)?.[1];
      if (label) labels.add(labelPartOf(label.toLowerCase()));
    }
  }
  for (const label of labels) add(`label:${label}`);
  const structured = !free || labels.size >= 2;
  for (const part of starParts) {
    if (structured) add(reading.present[part] ? `st:${part}` : `st:no-${part}`);
    else add(reading.present[part] ? `prose:${part}` : `prose:no-${part}`);
  }

  // Each clause's cues, counted over the answer, and where they fall.
  const { read } = reading;
  const clauses = free ? read.clauses(reading.all) : starParts.flatMap((p) => read.clauses(input[p]));
  const cues = clauses.map(read.cues);
  add('clauses', log1(clauses.length));
  const firstAction = cues.findIndex((c) => c.action && !c.task);
  const kinds = ['task', 'action', 'result', 'context', 'pending', 'we', 'passive', 'i', 'bare'] as const;
  cues.forEach((cue, index) => {
    const quantity = read.quantity(clauses[index] ?? '');
    const at = index === 0 ? 'first' : index === clauses.length - 1 ? 'last' : 'middle';
    const phase =
      firstAction < 0 ? 'noaction' : index < firstAction ? 'before' : index === firstAction ? 'at' : 'after';
    for (const kind of kinds) {
      if (!cue[kind]) continue;
      add(`c:${kind}`, 1);
      add(`c:${kind}:${at}`, 1);
      add(`c:${kind}:${phase}`, 1);
    }
    if (quantity) {
      add('c:quantity', 1);
      add(`c:quantity:${at}`, 1);
      add(`c:quantity:${phase}`, 1);
    }
    if (read.lesson(clauses[index] ?? '')) add(`c:lesson:${at}`, 1);
  });
  for (const name of [...f.keys()]) if (name.startsWith('c:')) f.set(name, log1(f.get(name) ?? 0));
  add('p:quantity-anywhere', f.has('c:quantity') ? 1 : 0);

  // The answer's shape: what its first, second and last clause say (task, action, result,
  // context, or none) and how many clauses it has (up to 6). A reply that opens with its goal or
  // with what was done often has no Situation, whatever context its later clauses give (ADR 0007,
  // amendment).
  const shape = (cue: Cues | undefined) =>
    (['task', 'action', 'result', 'context'] as const)
      .filter((kind) => cue?.[kind])
      .map((kind) => `cue-${kind}`)
      .join('+') || 'none';
  add(`s:first=${shape(cues[0])}`);
  add(`s:second=${cues.length > 1 ? shape(cues[1]) : 'end'}`);
  add(`s:last=${shape(cues.at(-1))}`);
  add(`s:n=${Math.min(cues.length, 6)}`);

  // The words, once each; the opening and closing clause's words apart. (Pairs of words, and the
  // words of each part as the patterns split it, did worse on replies by writers the model had not
  // seen: ADR 0006.)
  const seen = new Set<string>();
  for (const token of tokensOf(reading.all)) seen.add(`w:${token}`);
  for (const token of tokensOf(clauses[0] ?? '')) seen.add(`first:${token}`);
  for (const token of tokensOf(clauses.at(-1) ?? '')) seen.add(`last:${token}`);
  for (const name of seen) add(name, 1);
  return f;
}

/**
 * Each clause of an answer, where it was written (a form field, under a label, or prose) and the part
 * the patterns put it in: the units the model reads one by one (ADR 0007).
 */
function clausesWithPlace(
  input: StarAnswer | { text: string },
  reading: PatternReading,
): Array<{ clause: string; place: string }> {
  const { read } = reading;
  if (!('text' in input))
    return starParts.flatMap((p) =>
      read.clauses(input[p]).map((clause) => ({ clause, place: `field-${p}` })),
    );
  // The same clauses the answer's features read (each read once); a label opens its clause.
  const clauses = read.clauses(reading.all);
  if (reading.all.split(/\r?\n/).filter((line) => labelOf(line)).length < 2)
    return clauses.map((clause) => ({ clause, place: 'prose' }));
  let place = 'label-none';
  return clauses.map((clause) => {
    const label = labelOf(clause)?.[1];
    if (label) place = `label-${labelPartOf(label.toLowerCase())}`;
    return { clause, place };
  });
}

/**
 * The features of each clause of an answer, for the judgements the model makes clause by clause
 * (a part is there when one clause says it: coach-model.ts). Names start "k:", or "kw:" for its words.
 */
export function clauseFeatures(
  input: StarAnswer | { text: string },
  reading = patternReading(input),
): Array<Map<string, number>> {
  const { read } = reading;
  const placed = clausesWithPlace(input, reading);
  const cues = placed.map(({ clause }) => read.cues(clause));
  const firstAction = cues.findIndex((c) => c.action && !c.task);
  const kinds = ['task', 'action', 'result', 'context', 'pending', 'we', 'passive', 'i', 'bare'] as const;
  return placed.map(({ clause, place }, index) => {
    const f = new Map<string, number>();
    const cue = cues[index] as Cues;
    // The part whose text has the clause (prose is split clause by clause; labels keep the lines).
    const split = starParts.find((p) => reading.split[p].includes(clause)) ?? 'none';
    const at =
      placed.length === 1 ? 'only' : index === 0 ? 'first' : index === placed.length - 1 ? 'last' : 'middle';
    const phase =
      firstAction < 0 ? 'noaction' : index < firstAction ? 'before' : index === firstAction ? 'at' : 'after';
    const said = [
      ...kinds.filter((k) => cue[k]).map((k) => `cue-${k}`),
      ...(read.quantity(clause) ? ['quantity'] : []),
      ...(read.lesson(clause) ? ['lesson'] : []),
    ];
    // Where it was written, where the patterns put it (apart in prose, under a label and in a form
    // field), where it falls; each alone and with each cue.
    const wheres = [`in-${place}`, `split-${split}`, `at-${at}`, `phase-${phase}`];
    f.set(`k:in-${place}&split-${split}`, 1);
    for (const where of wheres) f.set(`k:${where}`, 1);
    for (const cue of said) {
      f.set(`k:${cue}`, 1);
      for (const where of wheres) f.set(`k:${where}&${cue}`, 1);
    }
    // Cues together ("The goal was…" is a task and reads as context too), or none at all.
    said.forEach((a, i) => {
      for (const b of said.slice(i + 1)) f.set(`k:${a}+${b}`, 1);
    });
    if (said.length === 0) f.set('k:cue-none', 1);
    for (const token of new Set(tokensOf(clause))) f.set(`kw:${token}`, 1);
    return f;
  });
}

// ---------------------------------------------------------------------------------------------
// Findings, most important first.

/** The order findings are given in: what costs an answer most in an interview first. */
const importance: readonly FindingCode[] = [
  'filler',
  'missing-part',
  'we-not-i',
  'result-not-quantified',
  'vague-result',
  'too-short',
  'too-long',
  'action-not-longest',
  'no-tradeoff',
  'no-lesson',
];
const partOrder = (f: Finding) => (f.part ? starParts.indexOf(f.part) : 0);

const missingAdvice: Record<StarPart, string> = {
  situation: 'Set the scene in a sentence or two (where, when, what was at stake).',
  task: 'Say what you had to achieve and why it was yours.',
  action: 'Say what you did, step by step, in "I".',
  result: 'End with what changed, in numbers.',
};

export type AnalyseOptions = {
  readonly where?: AnswerPlace;
  /** The question's prompt: a reply that only repeats it is filler. */
  readonly question?: string;
  /** The kind already decided for this reply (as stored), instead of deciding it again. */
  readonly kind?: AnswerKind;
  /** The trained model to judge with (cross-validation trains its own); the shipped one by default. */
  readonly model?: CoachModel;
};

/**
 * Reads an answer: the STAR form's four fields, or free text (a thread reply, a file). Filler gets
 * one finding, saying so; an answer gets each finding once, most important first.
 */
export function analyseAnswer(
  input: StarAnswer | { text: string },
  options: AnalyseOptions = {},
): CoachReport {
  const free = 'text' in input;
  const where: AnswerPlace = options.where ?? (free ? 'thread' : 'practice');
  const kind = options.kind ?? (free ? answerKind(input.text, options.question) : starAnswerKind(input));
  const reading = patternReading(input);
  const { split, all } = reading;
  const words = eachStarPart((p) => wordCount(split[p]));
  const totalWords = free
    ? wordCount(input.text)
    : starParts.reduce((sum, p) => sum + wordCount(input[p]), 0);
  const seconds = Math.round((totalWords / wordsPerMinute) * 60);

  const measured = { kind, where, words, totalWords, seconds };
  if (kind === 'filler') {
    return {
      ...measured,
      words: eachStarPart(() => 0),
      present: eachStarPart(() => false),
      quantified: false,
      ownership: { i: 0, we: 0 },
      tradeoff: false,
      lesson: false,
      principalSignals: [],
      findings: [
        {
          code: 'filler',
          message:
            'This reads as filler, not an answer, so it is not counted: tell one real story — where you were, what you had to do, what you did, what changed.',
        },
      ],
      verdict: 'filler',
    };
  }

  // The patterns read the answer; the trained model, weighing what they read with the words and
  // where they fall, over the whole answer and clause by clause, judges it (ADR 0006, 0007).
  const judged = judge(
    options.model ?? shippedModel(),
    answerFeatures(input, reading),
    clauseFeatures(input, reading),
  );
  const present = eachStarPart((p) => judged[p]);
  // The split is the patterns'; whether a part is there is the model's: a part judged missing has no words.
  const partWords = eachStarPart((p) => (present[p] ? words[p] : 0));
  const findings: Finding[] = [];
  const missing = starParts.filter((p) => !present[p]);
  const [firstMissing] = missing;
  if (firstMissing) {
    // One finding for every missing part: "No Task and no Result: …".
    const names = missing.map((p, i) => (i === 0 ? `No ${starLabels[p]}` : `no ${starLabels[p]}`));
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    findings.push({
      code: 'missing-part',
      part: firstMissing,
      message: `${list}. ${missing.map((p) => missingAdvice[p]).join(' ')}`,
    });
  }

  // The Result as the patterns found it, or the end of the answer where they found none.
  const resultText = split.result.trim() !== '' ? split.result : (reading.read.clauses(all).at(-1) ?? '');
  // Quantified needs a number somewhere: "In 2023 we moved to GitHub Actions" has none.
  const quantified = judged.quantified && (anyNumber.test(all) || quantityPattern.test(all));
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

  const { i, we } = reading.subjects;
  if (present.action && !judged.ownership) {
    const example = /\b(?:we|the team|our team)\b[^.;\n]{0,40}/i.exec(split.action || all)?.[0];
    const counts =
      we > i
        ? `says "we" ${we === 1 ? 'once' : `${we} times`} and "I" ${i === 0 ? 'never' : i === 1 ? 'once' : `${i} times`}`
        : 'does not make your own part clear';
    findings.push({
      code: 'we-not-i',
      part: 'action',
      message: `The Action ${counts}${example ? ` ("${quote(example, 45)}")` : ''}: what did you do yourself?`,
    });
  }

  findings.push(...lengthFindings(where, partWords, totalWords, seconds, present));

  const tradeoff = reading.tradeoff;
  if (!tradeoff) {
    findings.push({
      code: 'no-tradeoff',
      message: 'No tradeoff named: say what you chose against, and what it cost.',
    });
  }
  const lesson = reading.lesson;
  if (!lesson) {
    findings.push({
      code: 'no-lesson',
      message: 'No lesson: end with what you learned or would do differently.',
    });
  }

  findings.sort(
    (a, b) => importance.indexOf(a.code) - importance.indexOf(b.code) || partOrder(a) - partOrder(b),
  );
  const serious = findings.some((f) =>
    ['missing-part', 'result-not-quantified', 'vague-result', 'we-not-i'].includes(f.code),
  );
  const minor = findings.filter((f) => !['no-lesson', 'no-tradeoff'].includes(f.code)).length;
  return {
    ...measured,
    words: partWords,
    present,
    quantified,
    ownership: { i, we },
    tradeoff,
    lesson,
    principalSignals: principalSignals.filter(([, pattern]) => pattern.test(all)).map(([name]) => name),
    findings,
    verdict: serious ? 'weak' : minor > 0 ? 'ok' : 'strong',
  };
}

/**
 * Length advice that fits where the answer was written: the form practises a 2–3 minute spoken
 * answer; a thread reply is a written summary, told how long it would take to say and what to add.
 */
function lengthFindings(
  where: AnswerPlace,
  words: Record<StarPart, number>,
  totalWords: number,
  seconds: number,
  present: Record<StarPart, boolean>,
): Finding[] {
  const said = `About ${spoken(seconds)} to say (${totalWords} words)`;
  if (where === 'thread') {
    // A written reply is fine short; say how long it would take to say, and what to add aloud.
    if (totalWords < 120) {
      const add =
        !present.action || words.action < 40
          ? 'the steps you took, in order, and why you chose them'
          : !present.result
            ? 'what came of it, in numbers'
            : 'the tradeoff you made and what you learned';
      return [
        {
          code: 'too-short',
          message: `${said}: fine for a thread, but an interview answer takes 2–3 minutes. Said aloud, add ${add}.`,
        },
      ];
    }
    return seconds > 210
      ? [{ code: 'too-long', message: `${said}: said aloud that is over 3 minutes; trim the Situation.` }]
      : [];
  }
  const findings: Finding[] = [];
  if (totalWords < 225) {
    findings.push({
      code: 'too-short',
      message: `${said}: aim for 2–3 minutes; add ${present.action && words.action < 80 ? 'more on what you did, step by step' : 'detail where it is thinnest'}.`,
    });
  } else if (seconds > 210) {
    findings.push({
      code: 'too-long',
      message: `${said}: trim the Situation and keep to 2–3 minutes.`,
    });
  }
  const longest = starParts.reduce((a, b) => (words[b] > words[a] ? b : a));
  if (present.action && words[longest] > words.action && totalWords >= 60) {
    findings.push({
      code: 'action-not-longest',
      part: longest,
      message: `The ${starLabels[longest]} (${words[longest]} words) is longer than the Action (${words.action}): the Action should carry the answer.`,
    });
  }
  return findings;
}
