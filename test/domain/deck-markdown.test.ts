import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatDeckError } from '../../src/domain/deck.js';
import { deckFormat, derivedQuestionId, parseDeckMarkdown } from '../../src/domain/deck-markdown.js';
import { questionMarkdown, sampleDeck } from '../support/fixtures.js';

function parseOk(source: string, file = 'stories/sample.md', name = 'sample') {
  const result = parseDeckMarkdown(source, file, name);
  if (!result.ok) throw new Error(result.errors.map(formatDeckError).join('\n'));
  return result.deck;
}

function parseErrors(source: string, file = 'stories/broken.md') {
  const result = parseDeckMarkdown(source, file, 'broken');
  if (result.ok) throw new Error('expected the deck to be refused');
  return result.errors.map(formatDeckError);
}

describe('parseDeckMarkdown on the sample deck', () => {
  const deck = parseOk(sampleDeck());

  it('reads the title, the categories (trailing "Stories" stripped) and only sections with questions', () => {
    expect(deck.title).toBe('Sample Deck: Fixture for STAR Partner tests');
    expect(deck.questions.map((q) => [q.number, q.category])).toEqual([
      [1, 'Leadership'],
      [2, 'Leadership'],
      [3, 'Conflict Resolution'],
    ]);
  });

  it('reads the metadata, keeping the stage probability as a number', () => {
    const [first, second] = deck.questions;
    expect(first).toMatchObject({
      prompt: 'Tell me about a time you rallied a team around a deadline',
      stage: 'Behavioral',
      stageProbability: 85,
      difficulty: 'Staff',
      whyAsked: 'Tests ownership under pressure',
      source: { file: 'stories/sample.md', line: 18 },
    });
    expect(second).toMatchObject({ stage: 'Phone screen', stageProbability: null, difficulty: 'Principal' });
  });

  it('splits the model answer at the labels, strips cosmetic quotes, and keeps sub-labels in Action', () => {
    const { answer } = deck.questions[0] ?? {};
    expect(answer?.situation).toBe(
      'At Pebble Labs the billing export was due in 3 weeks and half the team was new.',
    );
    expect(answer?.task).toBe('I had to get the export shipped without burning anyone out.');
    expect(answer?.action).toMatch(/^I broke the work down:\n\n1\. \*\*Plan\*\* \(Day 1\):/);
    expect(answer?.action).toContain('**Decision**: Ship slice by slice behind a flag');
    expect(answer?.action).toContain('**Rationale**:\n- Small slices let us ship safely');
    expect(answer?.action).toContain('### Question 99: not a question, it is inside a code fence');
    expect(answer?.result).toBe('- ✅ Shipped 2 days early\n- ✅ Zero rollbacks');
    expect(answer?.insights).toBe('- Sequenced work to reduce risk\n- Grew the new engineers');
    expect(deck.questions[1]?.answer).toMatchObject({
      situation: 'Our queue ran on a server from 2014.',
      action: 'I wrote the runbook & ran 3 dry runs.',
      insights: null,
    });
  });

  it('ignores a heading inside a code fence', () => {
    expect(deck.questions).toHaveLength(3);
  });

  it('reads follow-ups as question and answer pairs', () => {
    expect(deck.questions[0]?.followUps.map((f) => [f.question, f.answer])).toEqual([
      ['What would you change?', 'I would have set up the feature flag on day one.'],
      [
        'How did you keep morale up?',
        'Short demos every Friday:\n- one slice each week\n- celebrated in the channel',
      ],
    ]);
    expect(deck.questions.reduce((n, q) => n + q.followUps.length, 0)).toBe(4);
  });

  it('reads key takeaways and practice tips', () => {
    expect(deck.tips).toEqual([
      { title: 'Key Takeaways', items: ['**Be specific**: numbers beat adjectives', '**Own it**: say "I"'] },
      {
        title: 'Practice Tips',
        items: ['**Time yourself**: two to three minutes', '**Say it out loud**: twice a week'],
      },
    ]);
  });

  it('uses an explicit id when the question has one, else one derived from deck and prompt', () => {
    expect(deck.questions.map((q) => q.id)).toEqual([
      'rally-team',
      'sample/describe-how-you-led-a-migration-nobody-wanted',
      'pm-disagreement',
    ]);
  });
});

describe('question ids are stable', () => {
  const two = `## Leadership\n\n${questionMarkdown(1, 'First prompt')}\n${questionMarkdown(2, 'Second prompt')}`;
  const ids = (source: string) =>
    parseOk(source)
      .questions.map((q) => q.id)
      .sort();

  it('survive reordering, renumbering and edits of the answer text', () => {
    const reordered = `## Leadership\n\n${questionMarkdown(7, 'Second prompt')}\n${questionMarkdown(9, 'First prompt')}`;
    const edited = two.replace('"S1"', '"A completely rewritten situation"');
    expect(ids(reordered)).toEqual(ids(two));
    expect(ids(edited)).toEqual(ids(two));
  });

  it('stay short and distinct for long prompts that share a beginning', () => {
    const long = 'Tell me about a time you had to balance a great many competing priorities across teams and';
    const a = derivedQuestionId('deck', `${long} won`);
    const b = derivedQuestionId('deck', `${long} lost`);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(120);
    expect(a).toMatch(/^deck\/tell-me-about-a-time-you[a-z0-9-]+-[0-9a-f]{6}$/);
  });
});

describe('a broken deck is refused with file:line', () => {
  const cases: Array<[string, string, string]> = [
    [
      'a question without Result',
      `## Leadership\n\n### Question 1: No result here\n\n#### STAR Answer\n\n**Situation**: s\n\n**Task**: t\n\n**Action**: a\n`,
      'stories/broken.md:3: question 1 has no **Result** (a model answer needs Situation, Task, Action and Result)',
    ],
    [
      'an empty prompt',
      `## Leadership\n\n${questionMarkdown(1, '')}`,
      'stories/broken.md:3: the question has an empty prompt',
    ],
    [
      'two questions with one id',
      `## Leadership\n\n${questionMarkdown(1, 'One', '<!-- id: same -->')}\n${questionMarkdown(2, 'Two', '<!-- id: same -->')}`,
      'stories/broken.md:22: question id "same" is already used by question 1 (line 3)',
    ],
    [
      'the same prompt twice',
      `## Leadership\n\n${questionMarkdown(1, 'Same')}\n${questionMarkdown(2, 'Same')}`,
      'stories/broken.md:22: question id "broken/same" is already used by question 1 (line 3)',
    ],
    [
      'a question outside any category',
      questionMarkdown(1, 'Orphan'),
      'stories/broken.md:1: the question stands outside any "## Category" section',
    ],
    [
      'a malformed question heading',
      `## Leadership\n\n### Question one: words\n`,
      'stories/broken.md:3: expected "### Question N: prompt", found "### Question one: words"',
    ],
    [
      'a bad explicit id',
      `## Leadership\n\n${questionMarkdown(1, 'Prompt', '<!-- id: Bad Id! -->')}`,
      'stories/broken.md:4: bad id "Bad Id!": ids use lowercase letters, digits and hyphens',
    ],
    [
      'a follow-up without its answer',
      `## Leadership\n\n${questionMarkdown(1, 'Prompt')}\n**Q: And then?**\n`,
      'stories/broken.md:22: follow-up "And then?" has no answer',
    ],
    [
      'text before the Situation',
      `## Leadership\n\n### Question 1: P\n\n#### STAR Answer\n\nStray words.\n\n**Situation**: s\n\n**Task**: t\n\n**Action**: a\n\n**Result**: r\n`,
      'stories/broken.md:7: text before the first **Situation**: in the STAR answer',
    ],
    ['no questions at all', '# Just a title\n\nSome prose.\n', 'stories/broken.md:1: no questions found'],
  ];

  it.each(cases)('%s', (_name, source, expected) => {
    const errors = parseErrors(source);
    expect(
      errors.some((error) => error.startsWith(expected)),
      errors.join('\n'),
    ).toBe(true);
  });

  it('reports every error, not just the first', () => {
    const source = `## Leadership\n\n${questionMarkdown(1, '')}\n### Question 2: No answer\n`;
    expect(parseErrors(source)).toHaveLength(2);
  });
});

describe('the format as authors write it', () => {
  it('reads labels on consecutive lines, without blank lines between them (the README example)', () => {
    const deck = parseOk(`## Leadership Stories

### Question 1: Tell me about a time you led a major initiative
<!-- id: lead-major-initiative -->

**Interview Stage**: Behavioral (90% probability)
**Difficulty**: Principal
**Why Asked**: Tests leadership and initiative

#### STAR Answer

**Situation**: "Where and when, what was at stake."
**Task**: "What I had to do."
**Action**: "What I did: lists, **Decision**:, **Rationale**: and the like all belong to Action."
**Result**:
- ✅ What changed, in numbers
**Principal-Level Insights**:
- What an interviewer should notice

#### Follow-up Questions

**Q: How did you handle disagreements?**
"The answer to the follow-up."
**Q: And then?**
"A second answer."
`);
    const [q] = deck.questions;
    expect(q?.id).toBe('lead-major-initiative');
    expect(q?.answer).toEqual({
      situation: 'Where and when, what was at stake.',
      task: 'What I had to do.',
      action: 'What I did: lists, **Decision**:, **Rationale**: and the like all belong to Action.',
      result: '- ✅ What changed, in numbers',
      insights: '- What an interviewer should notice',
    });
    expect(q?.followUps.map((f) => [f.question, f.answer])).toEqual([
      ['How did you handle disagreements?', 'The answer to the follow-up.'],
      ['And then?', 'A second answer.'],
    ]);
    expect(q?.difficulty).toBe('Principal');
  });

  it('handles an unclosed opening quote, bold option headings inside Action, and a rule inside Action', () => {
    const deck = parseOk(`## Tradeoffs

### Question 5: Tell me about a hard tradeoff

#### STAR Answer

**Situation**: 
"We had two options."

**Task**: "Pick one."

**Action**:
"I compared them:

**Option 1: Shared database**
- cheap

---

**Option 2: Separate databases**
- isolated

**Decision**: Shared, with a way out

**Result**:
- Saved money; we called it "the wall"

**Staff-Level Insights**:
- Named the tradeoff
`);
    const q = deck.questions[0];
    expect(q?.answer.situation).toBe('We had two options.');
    expect(q?.answer.action).toContain(
      'I compared them:\n\n**Option 1: Shared database**\n- cheap\n\n---\n\n**Option 2',
    );
    expect(q?.answer.action).toMatch(/\*\*Decision\*\*: Shared, with a way out$/);
    expect(q?.answer.result).toBe('- Saved money; we called it "the wall"');
    expect(q?.answer.insights).toBe('- Named the tradeoff');
  });

  it('reads a deck saved with a byte-order mark, and "**Q:** question" follow-ups', () => {
    const deck = parseOk(
      `\uFEFF## Leadership\n\n${questionMarkdown(1, 'Prompt').replace('**Q: Why?**', '**Q:** Why not?')}`,
    );
    expect(deck.questions[0]?.followUps[0]).toMatchObject({ question: 'Why not?', answer: 'Because 1.' });
    expect(deck.questions[0]?.source.line).toBe(3);
  });

  it('accepts "### Q2:" headings and "#### Practice Tips" outside questions', () => {
    const deck = parseOk(
      `## Leadership\n\n${questionMarkdown(2, 'Short heading').replace('### Question 2:', '### Q2:')}\n## More\n\n#### Practice Tips\n\n1. Breathe\n`,
    );
    expect(deck.questions[0]?.number).toBe(2);
    expect(deck.tips).toEqual([{ title: 'Practice Tips', items: ['Breathe'] }]);
  });

  it('gives prompts without Latin letters distinct ids', () => {
    const deck = parseOk(
      `## Лидерство\n\n${questionMarkdown(1, 'Расскажите о конфликте')}\n${questionMarkdown(2, '请讲一个冲突')}`,
    );
    const ids = deck.questions.map((q) => q.id);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^sample\/q-[0-9a-f]{10}$/);
  });

  it.each([
    [
      'a STAR answer under a heading that is not a question',
      `## Leadership\n\n### Tell me about a time\n\n#### STAR Answer\n\n**Situation**: s\n`,
      'stories/broken.md:5: "#### STAR Answer" outside a question',
    ],
    [
      'an id comment above the heading it was meant for',
      `## Leadership\n\n${questionMarkdown(1, 'One')}\n<!-- id: two -->\n${questionMarkdown(2, 'Two')}`,
      'stories/broken.md:22: put the id comment right under its "### Question" heading',
    ],
  ])('refuses %s', (_name, source, expected) => {
    const errors = parseErrors(source);
    expect(
      errors.some((error) => error.startsWith(expected)),
      errors.join('\n'),
    ).toBe(true);
  });
});

describe('headings with inline markup', () => {
  it('reads **bold** and `code` in headings as their text', () => {
    const deck = parseOk(
      `## **Leadership** Stories\n\n${questionMarkdown(1, 'Tell me about `rm -rf` and **courage**')}`,
    );
    expect(deck.questions[0]).toMatchObject({
      category: 'Leadership',
      prompt: 'Tell me about rm -rf and courage',
    });
  });
});

/** Every feature of the deck format once: metadata, an id, a list, a code block holding a label, a follow-up, a rule, tips. */
const pinnedDeck = `# Pinned deck

## Leadership Stories

### Question 1: Tell me about a time you led without authority
<!-- id: pinned-lead -->

**Interview Stage**: Behavioral (80% probability)
**Difficulty**: Principal
**Why Asked**: Tests influence

#### STAR Answer

**Situation**: "Two teams owned one queue."

**Task**: "Make it reliable."

**Action**: I measured it:

1. **Measure**:
   - Traced the slow paths

\`\`\`
**Result**: inside code is not a label
\`\`\`

**Result**:
- p95 fell from 2 s to 200 ms

**Principal-Level Insights**:
- Made the tradeoff explicit

#### Follow-up Questions

**Q: What would you change?**
"Start with the alerts."

---

### Practice Tips

1. Say the result in numbers.
2. Keep the situation short.
`;

describe('deckFormat (the version in the key of parsed decks kept between starts)', () => {
  /** What the parser of `deckFormat` makes of `pinnedDeck` (the sha256 of its JSON). */
  const pinned = { format: 1, sha256: '6f91070200de67c4bb4c1f8cdc8b710d95d4befb30c74e6c7afbc1c6da6c2a77' };

  it('changes with what the parser makes of a deck', () => {
    const parsed = JSON.stringify(parseDeckMarkdown(pinnedDeck, 'stories/pinned.md', 'pinned'));
    const sha256 = createHash('sha256').update(parsed).digest('hex');
    // Failing here: the parser reads decks differently now. Decks parsed before are kept in the
    // database (migration 0015) under a key holding deckFormat: add 1 to deckFormat in
    // src/domain/deck-markdown.ts so that they are parsed again, then pin the new format and hash.
    expect({ format: deckFormat, sha256 }).toEqual(pinned);
  });
});
