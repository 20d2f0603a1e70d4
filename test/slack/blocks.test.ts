import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/domain/deck.js';
import { buildLibrary } from '../../src/domain/deck.js';
import { parseDeckMarkdown } from '../../src/domain/deck-markdown.js';
import { unescapeSlack } from '../../src/domain/slack-text.js';
import type { Subscription } from '../../src/domain/subscription.js';
import { answerModal } from '../../src/slack/blocks/answer-modal.js';
import { notAllowedMessage } from '../../src/slack/blocks/channel-permission.js';
import { helpMessage, problemMessage } from '../../src/slack/blocks/help.js';
import { escapedClip, escapedPrefix } from '../../src/slack/blocks/kit.js';
import { escapeMrkdwn, markdownToMrkdwn, splitText } from '../../src/slack/blocks/mrkdwn.js';
import { exportInlineMessage, forgottenMessage } from '../../src/slack/blocks/personal.js';
import { answerSavedCard, questionCard } from '../../src/slack/blocks/question-card.js';
import { scheduleMessage } from '../../src/slack/blocks/schedule.js';
import type { DeletedCounts } from '../../src/use-cases/personal-data.js';
import { blockKitViolations, buttons, sectionTexts, visibleText } from '../support/block-kit-limits.js';
import { sampleDeck } from '../support/fixtures.js';

const parsed = parseDeckMarkdown(sampleDeck(), 'sample.md', 'sample');
if (!parsed.ok) throw new Error('fixture deck must parse');
const { library } = buildLibrary([parsed.deck]);
const first = library.questions[0] as Question;

function words(count: number, seed = 'word'): string {
  return Array.from({ length: count }, (_, i) => `${seed}${i}`).join(' ');
}

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('short', 3000)).toEqual(['short']);
  });

  it('never cuts a word, and loses none', () => {
    const text = words(2000);
    const pieces = splitText(text, 3000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(piece).toMatch(/^word\d+( word\d+)*$/);
    }
    expect(pieces.join(' ')).toBe(text);
  });

  it('prefers paragraph breaks, then line breaks', () => {
    expect(splitText('aaaa bbbb\n\ncccc dd', 12)).toEqual(['aaaa bbbb', 'cccc dd']);
    expect(splitText('aaaa aaa\nbbbb cccc', 12)).toEqual(['aaaa aaa', 'bbbb cccc']);
  });
});

describe('markdownToMrkdwn', () => {
  it('turns Markdown into Slack mrkdwn, escaping &, < and >', () => {
    expect(markdownToMrkdwn('1. **Plan** (Day 1):\n   - Split <a> & b\n\n**Decision**: go `fast`')).toBe(
      '1. *Plan* (Day 1):\n    • Split &lt;a&gt; &amp; b\n\n*Decision*: go `fast`',
    );
  });
});

describe('the question card', () => {
  it('shows the prompt, category, difficulty and every button', () => {
    const card = questionCard(first, { q: first.id }, { share: true });
    expect(blockKitViolations(card.blocks)).toEqual([]);
    const text = visibleText(card.blocks);
    expect(text).toContain(first.prompt);
    expect(text).toContain('*Leadership* · Staff · Behavioral, asked 85% of the time · Question 1');
    expect(text).toContain('Tests ownership under pressure');
    expect([...buttons(card.blocks).keys()]).toEqual([
      'Show model answer',
      'Follow-up',
      'Answer it',
      'Next question',
      'Post to channel',
    ]);
  });

  it('after the reveal, shows S/T/A/R, insights and the four ratings', () => {
    const card = questionCard(first, { q: first.id, a: 1 }, { share: true });
    const text = sectionTexts(card.blocks).join('\n');
    for (const label of ['*Situation*', '*Task*', '*Action*', '*Result*', '*Principal-level insights*']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('*Decision*: Ship slice by slice behind a flag');
    expect([...buttons(card.blocks).keys()]).toEqual([
      'Again',
      'Hard',
      'Good',
      'Easy',
      'Follow-up',
      'Answer it',
      'Next question',
      'Post to channel',
    ]);
  });

  it('fits Block Kit limits with a huge answer, cutting no word', () => {
    const huge: Question = {
      ...first,
      prompt: `${words(60, 'prompt')}?`,
      answer: {
        situation: words(6000, 's'),
        task: words(3000, 't'),
        action: words(9000, 'a'),
        result: words(3000, 'r'),
        insights: words(3000, 'i'),
      },
    };
    const card = questionCard(huge, { q: huge.id, a: 1, i: 0, s: 1 }, { share: true });
    expect(blockKitViolations(card.blocks)).toEqual([]);
    expect(card.blocks).toHaveLength(50);
    expect(buttons(card.blocks).has('Good')).toBe(true);
    for (const text of sectionTexts(card.blocks)) {
      expect(text).toMatch(/^(\*\w+\*\n)?[a-z]+\d+( [a-z]+\d+)*\??\*?$|^\*prompt/);
    }
    expect(visibleText(card.blocks)).toContain('The rest is too long for one Slack message');
    expect(card.text.length).toBeLessThanOrEqual(3000);
  });

  it('shows a follow-up question first, its answer after a second click', () => {
    const asked = questionCard(first, { q: first.id, i: 0 }, { share: true });
    expect(visibleText(asked.blocks)).toContain('*Follow-up 1 of 2:* What would you change?');
    expect(visibleText(asked.blocks)).not.toContain('feature flag on day one');
    expect(buttons(asked.blocks).has('Next follow-up')).toBe(true);
    const value = JSON.parse(buttons(asked.blocks).get('Show follow-up answer')?.value ?? '{}');
    expect(value).toEqual({ q: first.id, i: 0, s: 1 });
    const answered = questionCard(first, value, { share: true });
    expect(visibleText(answered.blocks)).toContain('feature flag on day one');
  });

  it('confirms a rating in place of the rating buttons', () => {
    const card = questionCard(first, { q: first.id, a: 1, r: 'good' }, { share: true });
    expect(visibleText(card.blocks)).toContain('You rated your recall *Good*');
    expect(buttons(card.blocks).has('Good')).toBe(false);
  });

  it('shows a saved answer with a way to post it', () => {
    const card = answerSavedCard(
      first,
      { situation: 'S <b>', task: 'T', action: 'A', result: 'R' },
      7,
      undefined,
      { share: true },
    );
    expect(blockKitViolations(card.blocks)).toEqual([]);
    expect(visibleText(card.blocks)).toContain('S &lt;b&gt;');
    expect(JSON.parse(buttons(card.blocks).get('Post my answer to channel')?.value ?? '{}')).toEqual({
      answer: 7,
    });
  });
});

describe('other messages', () => {
  it('help lists only the subcommands that work', () => {
    const text = visibleText(helpMessage('2026-11-23').blocks);
    for (const sub of [
      'question',
      'categories',
      'tips',
      'stats',
      'help',
      'subscribe',
      'schedule',
      'pause',
      'resume',
      'skip',
      'unsubscribe',
    ])
      expect(text).toContain(`/star ${sub}`);
    for (const later of ['install', 'backup']) expect(text).not.toContain(later);
  });

  it('help dates its examples from today, so they never go stale', () => {
    const text = visibleText(helpMessage('2026-12-31').blocks);
    expect(text).toContain('`/star skip 2027-01-07`');
    expect(text).toContain('`/star pause until 2027-01-07`');
    expect(text).not.toMatch(/2026-12-(0|1|2)\d/);
  });

  it('a problem is one escaped line, not the help', () => {
    const reply = problemMessage('`/star dance <!here>`: there is no “dance” command. Try `/star help`.');
    expect(reply.blocks).toHaveLength(2);
    expect(visibleText(reply.blocks)).toBe(
      ':warning: `/star dance &lt;!here&gt;`: there is no “dance” command. Try `/star help`.\nOnly you can see this.',
    );
  });

  it('the answer modal has four bounded STAR inputs and short titles', () => {
    const modal = answerModal(first, { q: first.id });
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(modal.submit?.text.length).toBeLessThanOrEqual(24);
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(['situation', 'task', 'action', 'result']);
    expect(inputs.every((b) => JSON.stringify(b).includes('"max_length":3000'))).toBe(true);
    expect(JSON.parse(modal.private_metadata ?? '')).toEqual({ q: first.id });
  });
});

describe('escaping user text', () => {
  const text = `${'a & b <c> '.repeat(400)}end`;

  it('escapedClip fits the limit after escaping, cuts at a word, never in an entity, and ends in …', () => {
    expect(escapedClip('S <b> & c', 100)).toBe('S &lt;b&gt; &amp; c');
    const clipped = escapedClip(text, 2900);
    expect(clipped.length).toBeLessThanOrEqual(2900);
    expect(clipped.endsWith('…')).toBe(true);
    expect(clipped).not.toMatch(/&[a-z]*…$/);
    const kept = unescapeSlack(clipped.slice(0, -1));
    expect(text.startsWith(kept)).toBe(true);
    expect(text[kept.length]).toBe(' ');
    expect(clipped.length).toBeGreaterThan(2900 - 20); // at most a word short of the limit
  });

  it('escapedPrefix takes the longest prefix that fits once escaped, cut after a space or line', () => {
    const pieces: string[] = [];
    for (let rest = text; rest.length > 0; rest = rest.slice(pieces.at(-1)?.length ?? 0)) {
      pieces.push(escapedPrefix(rest, 500));
    }
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(escapeMrkdwn(piece).length).toBeLessThanOrEqual(500);
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/ $/);
  });

  it('unescapeSlack gives back what was typed', () => {
    expect(unescapeSlack(escapeMrkdwn('a & b <c> &amp;'))).toBe('a & b <c> &amp;');
  });

  it('the export as messages loses no character of the CSV', () => {
    const csv = `record,text\n${'answer,"a & b <c>, d"\n'.repeat(400)}`;
    const sections = exportInlineMessage(csv, 400, 'missing_scope').blocks.slice(1);
    const shown = sections.map((b) => (b.type === 'section' ? (b.text?.text ?? '') : ''));
    for (const text of shown) expect(text.length).toBeLessThanOrEqual(3000);
    expect(shown.map((t) => unescapeSlack(t.slice(3, -3))).join('')).toBe(csv);
  });
});

describe('the forget-me reply', () => {
  const none: DeletedCounts = {
    practice_events: 0,
    answers: 0,
    review_cards: 0,
    reminders: 0,
    thread_answers: 0,
    reaction_events: 0,
    reaction_points: 0,
    rubric_reviews: 0,
    display_names: 0,
    leaderboard_privacy: 0,
    pairs_members: 0,
    pairs_group_members: 0,
    pairs_interviews: 0,
    mock_feedback: 0,
    stories: 0,
    story_categories: 0,
    reminder_messages: 0,
    shared_questions: 0,
    subscriptions: 0,
  };

  it('says what was deleted in words, with the counts, and never a table name', () => {
    const text = visibleText(
      forgottenMessage({ ...none, practice_events: 3, review_cards: 1, rubric_reviews: 2, display_names: 1 })
        .blocks,
    );
    expect(text).toContain(
      '• 3 entries in your practice history\n• 1 question on your review schedule\n• 2 reviews you gave or got\n• 1 copy of your display name',
    );
    const all = visibleText(
      forgottenMessage(Object.fromEntries(Object.keys(none).map((k) => [k, 2])) as DeletedCounts).blocks,
    );
    expect(all.match(/^• 2 /gm)).toHaveLength(Object.keys(none).length);
    // No table name (practice_events, review_cards, …) shows.
    expect(all).not.toMatch(/\w_\w/);
  });

  it('says so when there was nothing', () => {
    expect(visibleText(forgottenMessage(none).blocks)).toContain('There was nothing of yours to delete.');
  });
});

describe('/star tips', () => {
  it('one section per title across decks, each tip once', () => {
    const deck = (name: string, tips: Array<{ title: string; items: string[] }>) => ({
      ...parsed.deck,
      name,
      tips,
    });
    if (!parsed.ok) throw new Error('fixture deck must parse');
    const { library: two } = buildLibrary([
      deck('a', [{ title: 'Practice Tips', items: ['Breathe', 'Time yourself'] }]),
      deck('b', [
        { title: 'practice tips', items: ['Time yourself', 'Say "I"'] },
        { title: 'Key Takeaways', items: ['Numbers'] },
      ]),
    ]);
    expect(two.tips).toEqual([
      { title: 'Practice Tips', items: ['Breathe', 'Time yourself', 'Say "I"'] },
      { title: 'Key Takeaways', items: ['Numbers'] },
    ]);
  });
});

describe('the refusal names who can', () => {
  it('the subscriber and the admins, or the admins alone once the subscriber was forgotten', () => {
    expect(
      visibleText(
        notAllowedMessage('pause', { ok: false, reason: 'not-allowed', subscriber: 'U123' }).blocks,
      ),
    ).toBe(
      'Only <@U123> (who subscribed this channel) or a workspace admin can pause the question of the day here.',
    );
    expect(
      visibleText(
        notAllowedMessage('coach on', { ok: false, reason: 'not-allowed', subscriber: null }).blocks,
      ),
    ).toBe('Only a workspace admin can turn the STAR coach on here.');
    expect(
      visibleText(
        notAllowedMessage('unsubscribe', { ok: false, reason: 'role-unknown', subscriber: null }).blocks,
      ),
    ).toBe(
      'Slack didn’t tell me whether you are a workspace admin, so I can’t unsubscribe this channel from the question of the day yet: only a workspace admin can. Try again in a minute.',
    );
  });

  it('the schedule says who can change the settings, never an empty mention', () => {
    const subscription = (createdBy: string): Subscription => ({
      teamId: 'T1',
      channelId: 'C1',
      createdBy,
      pauseReason: null,
      time: { hour: 9, minute: 0 },
      timeZone: 'Europe/Berlin',
      days: [1, 2, 3, 4, 5],
      effectiveFrom: 0,
      paused: false,
      pausedUntil: null,
      skips: new Set(),
      holidays: null,
    });
    const schedule = (createdBy: string) =>
      visibleText(
        scheduleMessage(
          { subscription: subscription(createdBy), next: null, lastPost: undefined, nextHoliday: null },
          Date.parse('2026-11-23T20:00:00Z'),
        ).blocks,
      );
    expect(schedule('U1')).toContain(
      'Only <@U1> (who subscribed this channel) or a workspace admin can change these settings',
    );
    // Forgotten (forget-me blanks the id): the admins alone.
    expect(schedule('')).toContain('Only a workspace admin can change these settings');
    expect(schedule('')).not.toContain('<@>');
  });
});
