import { afterEach, describe, expect, it } from 'vitest';
import { parseReactionWeights } from '../../src/domain/scoring.js';
import { type StarAnswer, starAnswerText } from '../../src/domain/star.js';
import { channelLeaderboard, peerStats, submitReview } from '../../src/use-cases/peer-review.js';
import {
  answerInThread,
  classifyStoredReplies,
  deleteThreadReply,
  editThreadReply,
  formAnswerPosted,
  questionOfThread,
  type ThreadPoster,
} from '../../src/use-cases/thread-answers.js';
import { outboxPostSent, pointsOn, questionShared, react, reply, rowCount } from './channel-threads.js';
import { inMemoryWorld, knownPeople, type World } from './in-memory.js';

/**
 * Answers in channel threads: replies under a daily or shared question are recorded once, edited,
 * deleted (with what they scored), and answers written in the "Answer it" form are posted into the
 * thread under their author's name. Real repositories on an in-memory database; Slack's side faked.
 */

const T = 'T1';
const C = 'C1';
const now = Date.parse('2026-11-27T10:00:00Z');
const MINUTE = 60_000;
/** The daily question's post: its thread holds the answers. */
const POST = '1764237600.000100';
const A1 = '1764237700.000200';
const A2 = '1764237800.000300';

const people = knownPeople({
  U2: { name: 'Ben' },
  U3: { name: 'Cy' },
  U7: { name: 'Cleo' },
  U8: { name: 'Dev' },
  U9: { name: 'Eve' },
});
const answerText =
  'Situation: our release slipped twice. Task: I had to ship by the board meeting. ' +
  'Action: I cut scope with the PM and ran daily check-ins. Result: we shipped 3 days early.';

let world: World;
afterEach(() => world.db.close());

function dailyQuestion(questionId = 'rally-team') {
  world = inMemoryWorld(people);
  outboxPostSent(world, { teamId: T, channelId: C, questionId, ts: POST, at: now - 60 * MINUTE });
}

const answersStored = () =>
  world.db
    .prepare('SELECT message_ts, user_id, question_id, source FROM thread_answers ORDER BY message_ts')
    .all();
const practiceOf = (userId: string) =>
  world.threads.practice
    .eventsOf(T, userId)
    .map((e) => ({ questionId: e.questionId, kind: e.kind, source: e.source, at: e.at }));

describe('recordThreadReply', () => {
  it('a reply under the daily question answers it, recorded once whatever Slack retries', () => {
    dailyQuestion('pm-disagreement');
    const message = { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText };
    expect(reply(world, message, now)).toBe(true);
    // Slack retries the event (even after the text changed): nothing more is stored.
    expect(reply(world, message, now + MINUTE)).toBe(false);
    expect(reply(world, { ...message, text: 'edited meanwhile' }, now + 2 * MINUTE)).toBe(false);

    expect(world.threads.threadAnswers.find(T, C, A1)).toEqual({
      teamId: T,
      channelId: C,
      messageTs: A1,
      threadTs: POST,
      userId: 'U7',
      questionId: 'pm-disagreement',
      source: 'reply',
      text: answerText,
      kind: 'answer',
      createdAt: now,
      editedAt: null,
    });
    // One answer in the author's practice history, the first time only.
    expect(practiceOf('U7')).toEqual([
      { questionId: 'pm-disagreement', kind: 'answer', source: 'slack', at: now },
    ]);
  });

  it('a reply under a question shared with "Post to channel" answers the shared question', () => {
    world = inMemoryWorld(people);
    questionShared(world, {
      teamId: T,
      channelId: C,
      questionId: 'pm-disagreement',
      ts: POST,
      sharedBy: 'U2',
      at: now - MINUTE,
    });
    expect(questionOfThread(world.threads, T, C, POST)?.id).toBe('pm-disagreement');
    expect(
      reply(world, { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: 'x' }, now),
    ).toBe(true);
    expect(answersStored()).toEqual([
      { message_ts: A1, user_id: 'U7', question_id: 'pm-disagreement', source: 'reply' },
    ]);
  });

  it.each([
    ['the question’s post itself (a thread’s parent)', { ts: POST, threadTs: POST }],
    ['a reply in the thread of any other message', { threadTs: '1764237000.000900' }],
    ['a reply in the same thread ts in another channel', { channelId: 'C2' }],
    ['a reply in the same thread ts in another workspace', { teamId: 'T2' }],
  ])('is not an answer: %s', (_name, change) => {
    dailyQuestion();
    const message = { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText };
    expect(reply(world, { ...message, ...change }, now)).toBe(false);
    expect(rowCount(world, 'thread_answers')).toBe(0);
    expect(rowCount(world, 'practice_events')).toBe(0);
  });

  it('is not an answer under a recap, nor under a question the decks no longer have', () => {
    world = inMemoryWorld(people);
    outboxPostSent(world, { teamId: T, channelId: C, kind: 'recap', ts: POST, at: now - MINUTE });
    outboxPostSent(world, {
      teamId: T,
      channelId: 'C2',
      questionId: 'retired-question',
      ts: POST,
      at: now - MINUTE,
    });
    expect(questionOfThread(world.threads, T, C, POST)).toBeUndefined();
    expect(questionOfThread(world.threads, T, 'C2', POST)).toBeUndefined();
    for (const channelId of [C, 'C2']) {
      expect(
        reply(world, { teamId: T, channelId, ts: A1, threadTs: POST, userId: 'U7', text: answerText }, now),
      ).toBe(false);
    }
    expect(rowCount(world, 'thread_answers')).toBe(0);
  });

  it('reactions that came before the reply was recorded score once it is, by the configured weights', async () => {
    world = inMemoryWorld(people, parseReactionWeights('star:2'));
    outboxPostSent(world, { teamId: T, channelId: C, ts: POST, at: now - 60 * MINUTE });
    // Slack can deliver reactions on a reply before the reply itself.
    expect(
      await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U2', reaction: 'star' }, now),
    ).toBe('not-an-answer');
    await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U3', reaction: 'fire' }, now);
    await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U7', reaction: 'tada' }, now);
    expect(pointsOn(world, T, C, A1)).toEqual([]);

    const message = { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText };
    expect(reply(world, message, now + MINUTE)).toBe(true);
    expect(pointsOn(world, T, C, A1)).toEqual([
      { reactor_id: 'U2', author_id: 'U7', points: 2 },
      { reactor_id: 'U3', author_id: 'U7', points: 1 },
      { reactor_id: 'U7', author_id: 'U7', points: 0 }, // reacting to your own answer gives nothing
    ]);
    // A retry neither scores again nor records a second practice.
    expect(reply(world, message, now + 2 * MINUTE)).toBe(false);
    expect(world.reviews.reviews.answerPoints(T, C, A1)).toBe(3);
    expect(practiceOf('U7')).toHaveLength(1);
  });

  // product.md §5: "Great answer, thanks!", "+1", a question back or a bare link are comments — they
  // score nothing and never appear on a board or in a recap (one rule everywhere: answer-kind.ts).
  it('a comment in the thread is not an answer: it scores nothing and is on no board', async () => {
    dailyQuestion();
    const short = 'I split the deadline into weekly goals and we shipped on time.';
    reply(world, { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: short }, now);
    const comments = [
      'Great answer, thanks!',
      '+1',
      'What did your manager say?',
      '<https://example.com/pm>',
    ];
    comments.forEach((text, i) => {
      const ts = `1764238000.00010${i}`;
      reply(world, { teamId: T, channelId: C, ts, threadTs: POST, userId: 'U9', text }, now);
    });
    for (let i = 0; i < comments.length; i++) {
      await react(
        world,
        { teamId: T, channelId: C, messageTs: `1764238000.00010${i}`, reactorId: 'U2', reaction: 'tada' },
        now,
      );
    }
    await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U2', reaction: 'tada' }, now);

    // A short reply that attempts the question is an answer, however short.
    expect(world.reviews.reviews.answerPoints(T, C, A1)).toBe(1);
    expect(peerStats(world.reviews, { teamId: T, userId: 'U9' }).pointsReceived).toBe(0);
    const board = await channelLeaderboard(world.reviews, { teamId: T, channelId: C, period: 'all', now });
    expect(board.answerers.map((row) => row.userId)).toEqual(['U7']);
    expect(world.reviews.leaderboard.topAnswers(T, C, 0, now + 1, 5).map((a) => a.userId)).toEqual(['U7']);
    expect(practiceOf('U9')).toEqual([]);
  });
});

describe('editThreadReply', () => {
  it('an edit changes the answer’s text and says when; it is still one answer, with its points', async () => {
    dailyQuestion();
    reply(
      world,
      { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: 'Situation: draft' },
      now,
    );
    await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U2', reaction: 'tada' }, now);

    const edit = { teamId: T, channelId: C, ts: A1, text: answerText };
    expect(editThreadReply(world.threads, edit, now + 5 * MINUTE)).toMatchObject({ applied: true });
    expect(world.threads.threadAnswers.find(T, C, A1)).toMatchObject({
      text: answerText,
      createdAt: now,
      editedAt: now + 5 * MINUTE,
      userId: 'U7',
      source: 'reply',
    });
    expect(world.threads.threadAnswers.inThread(T, C, POST)).toHaveLength(1);
    expect(pointsOn(world, T, C, A1)).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 1 }]);
    expect(practiceOf('U7')).toHaveLength(1);
  });

  it('an edit older than the one applied changes nothing (a redelivered edit can come late)', () => {
    dailyQuestion();
    reply(world, { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: 'first' }, now);
    const edit = (text: string, editTime?: number) => ({ teamId: T, channelId: C, ts: A1, text, editTime });
    const t = 1_764_237_900_000_000; // Slack's times, in microseconds
    expect(editThreadReply(world.threads, edit('third', t + 2), now + 2 * MINUTE)).toMatchObject({
      applied: true,
    });
    expect(editThreadReply(world.threads, edit('second', t + 1), now + 3 * MINUTE)).toEqual({
      applied: false,
    });
    expect(editThreadReply(world.threads, edit('third again', t + 2), now + 3 * MINUTE)).toEqual({
      applied: false,
    });
    expect(world.threads.threadAnswers.find(T, C, A1)).toMatchObject({
      text: 'third',
      editedAt: now + 2 * MINUTE,
    });
    // An edit without Slack's time is applied, as before; the last time applied still holds.
    expect(editThreadReply(world.threads, edit('fourth'), now + 4 * MINUTE)).toMatchObject({ applied: true });
    expect(editThreadReply(world.threads, edit('second', t + 1), now + 5 * MINUTE)).toEqual({
      applied: false,
    });
    expect(editThreadReply(world.threads, edit('fifth', t + 3), now + 5 * MINUTE)).toMatchObject({
      applied: true,
    });
    expect(world.threads.threadAnswers.find(T, C, A1)?.text).toBe('fifth');
  });

  it('an edit of a message that is not an answer records nothing', () => {
    dailyQuestion();
    reply(world, { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText }, now);
    expect(editThreadReply(world.threads, { teamId: T, channelId: C, ts: A2, text: 'hello' }, now)).toEqual({
      applied: false,
    });
    // The same ts in another channel or workspace is another message.
    expect(editThreadReply(world.threads, { teamId: T, channelId: 'C2', ts: A1, text: 'x' }, now)).toEqual({
      applied: false,
    });
    expect(editThreadReply(world.threads, { teamId: 'T2', channelId: C, ts: A1, text: 'x' }, now)).toEqual({
      applied: false,
    });
    expect(answersStored()).toEqual([
      { message_ts: A1, user_id: 'U7', question_id: 'rally-team', source: 'reply' },
    ]);
    expect(world.threads.threadAnswers.find(T, C, A1)).toMatchObject({ text: answerText, editedAt: null });
  });

  it('an answer edited into a comment loses its points; edited back, they count again', async () => {
    dailyQuestion();
    reply(world, { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText }, now);
    await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U2', reaction: 'tada' }, now);
    expect(world.reviews.reviews.answerPoints(T, C, A1)).toBe(1);

    const toComment = editThreadReply(
      world.threads,
      { teamId: T, channelId: C, ts: A1, text: '+1' },
      now + MINUTE,
    );
    expect(toComment).toMatchObject({ applied: true, becameAnswer: false, reply: { kind: 'comment' } });
    expect(world.reviews.reviews.answerPoints(T, C, A1)).toBe(0);
    const board = await channelLeaderboard(world.reviews, { teamId: T, channelId: C, period: 'all', now });
    expect(board.answerers).toEqual([]);

    const back = editThreadReply(
      world.threads,
      { teamId: T, channelId: C, ts: A1, text: answerText },
      now + 2 * MINUTE,
    );
    expect(back).toMatchObject({ applied: true, becameAnswer: true, reply: { kind: 'answer' } });
    expect(world.reviews.reviews.answerPoints(T, C, A1)).toBe(1);
  });
});

describe('deleteThreadReply', () => {
  it('a deleted answer no longer counts: its points and reviews go; the ledger keeps its reactions', async () => {
    dailyQuestion();
    reply(world, { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText }, now);
    reply(world, { teamId: T, channelId: C, ts: A2, threadTs: POST, userId: 'U8', text: answerText }, now);
    await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U2', reaction: 'tada' }, now);
    await react(world, { teamId: T, channelId: C, messageTs: A2, reactorId: 'U2', reaction: 'tada' }, now);
    const review = {
      who: { teamId: T, userId: 'U2' },
      channelId: C,
      scores: { situation: 4, task: 4, action: 3, result: 2 },
      comment: 'Numbers, please',
      now,
    };
    expect(submitReview(world.reviews, { ...review, messageTs: A1 }).ok).toBe(true);
    expect(submitReview(world.reviews, { ...review, messageTs: A2 }).ok).toBe(true);
    const ledgerBefore = rowCount(world, 'reaction_events');

    expect(deleteThreadReply(world.threads, { teamId: T, channelId: C, ts: A1 })).toBe(true);
    expect(world.threads.threadAnswers.find(T, C, A1)).toBeUndefined();
    expect(pointsOn(world, T, C, A1)).toEqual([]);
    expect(world.db.prepare('SELECT message_ts FROM rubric_reviews').all()).toEqual([{ message_ts: A2 }]);
    expect(rowCount(world, 'reaction_events')).toBe(ledgerBefore);
    // The other answer keeps what it earned.
    expect(pointsOn(world, T, C, A2)).toEqual([{ reactor_id: 'U2', author_id: 'U8', points: 1 }]);

    expect(peerStats(world.reviews, { teamId: T, userId: 'U7' })).toEqual({
      pointsReceived: 0,
      reviewsGiven: 0,
      rubric: undefined,
      latestFeedback: undefined,
    });
    const board = await channelLeaderboard(world.reviews, { teamId: T, channelId: C, period: 'all', now });
    expect(board.answerers.map((row) => [row.userId, row.points, row.answers])).toEqual([['U8', 1, 1]]);
    expect(board.reviewers.map((row) => [row.userId, row.reviews])).toEqual([['U2', 1]]);

    // Gone for good: deleting again, or reacting to it later, changes nothing.
    expect(deleteThreadReply(world.threads, { teamId: T, channelId: C, ts: A1 })).toBe(false);
    expect(
      await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U3', reaction: 'fire' }, now),
    ).toBe('not-an-answer');
    expect(pointsOn(world, T, C, A1)).toEqual([]);
  });

  it('deleting a message that is not an answer leaves every answer alone', async () => {
    dailyQuestion();
    reply(world, { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText }, now);
    await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U2', reaction: 'tada' }, now);
    expect(deleteThreadReply(world.threads, { teamId: T, channelId: C, ts: A2 })).toBe(false);
    expect(deleteThreadReply(world.threads, { teamId: T, channelId: 'C2', ts: A1 })).toBe(false);
    expect(deleteThreadReply(world.threads, { teamId: 'T2', channelId: C, ts: A1 })).toBe(false);
    expect(answersStored()).toHaveLength(1);
    expect(pointsOn(world, T, C, A1)).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 1 }]);
  });
});

describe('answerInThread ("Answer it" under a daily or shared question)', () => {
  const answer: StarAnswer = {
    situation: 'Our launch was slipping',
    task: 'I had to rally the team',
    action: 'I cut scope and paired with the slowest team',
    result: 'We shipped 2 days early',
  };

  /** Posts as Slack would, at the next ts; or refuses with `error`. */
  function fakeSlack(error?: Error) {
    const posted: Array<Parameters<ThreadPoster['postThreadAnswer']>[0]> = [];
    const poster: ThreadPoster = {
      async postThreadAnswer(input) {
        if (error) throw error;
        posted.push(input);
        return { ts: A1 };
      },
    };
    return { poster, posted };
  }

  const who = { teamId: T, userId: 'U7' };
  const input = { who, channelId: C, threadTs: POST, questionId: 'rally-team', answer, now };

  it('posts into the thread under the author’s name, and it is one of the thread’s answers', async () => {
    dailyQuestion();
    const slack = fakeSlack();
    expect(await answerInThread(world.threads, slack.poster, input)).toEqual({ ts: A1 });
    expect(slack.posted).toEqual([
      {
        channelId: C,
        threadTs: POST,
        question: world.threads.library.byId.get('rally-team'),
        answer,
        authorId: 'U7',
      },
    ]);
    expect(world.threads.threadAnswers.inThread(T, C, POST)).toEqual([
      {
        teamId: T,
        channelId: C,
        messageTs: A1,
        threadTs: POST,
        userId: 'U7',
        questionId: 'rally-team',
        source: 'modal',
        text: starAnswerText(answer),
        kind: 'answer',
        createdAt: now,
        editedAt: null,
      },
    ]);
    expect(practiceOf('U7')).toEqual([
      { questionId: 'rally-team', kind: 'answer', source: 'slack', at: now },
    ]);

    // Its author is the user, not the app that posted it: their teammates' reactions score them.
    expect(
      await react(world, { teamId: T, channelId: C, messageTs: A1, reactorId: 'U2', reaction: 'tada' }, now),
    ).toEqual({ points: 1 });
    expect(pointsOn(world, T, C, A1)).toEqual([{ reactor_id: 'U2', author_id: 'U7', points: 1 }]);
  });

  it('the app’s own post, echoed back as a thread message, is not a second answer nor a new author', async () => {
    dailyQuestion();
    await answerInThread(world.threads, fakeSlack().poster, input);
    const echo = { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'UAPPBOT', text: 'Situation: …' };
    expect(reply(world, echo, now + 1)).toBe(false);
    expect(answersStored()).toEqual([
      { message_ts: A1, user_id: 'U7', question_id: 'rally-team', source: 'modal' },
    ]);
    expect(rowCount(world, 'practice_events')).toBe(1);
  });

  it('posts nothing for a question the decks no longer have', async () => {
    dailyQuestion();
    const slack = fakeSlack();
    expect(
      await answerInThread(world.threads, slack.poster, { ...input, questionId: 'gone' }),
    ).toBeUndefined();
    expect(slack.posted).toEqual([]);
    expect(rowCount(world, 'thread_answers')).toBe(0);
    expect(rowCount(world, 'practice_events')).toBe(0);
  });

  it('when Slack refuses the post, nothing is stored and the caller hears why', async () => {
    dailyQuestion();
    const slack = fakeSlack(new Error('An API error occurred: not_in_channel'));
    await expect(answerInThread(world.threads, slack.poster, input)).rejects.toThrow('not_in_channel');
    expect(rowCount(world, 'thread_answers')).toBe(0);
    expect(rowCount(world, 'practice_events')).toBe(0);
  });

  it('an answer posted at the top of a channel is its own thread', () => {
    const posted = formAnswerPosted({
      teamId: T,
      channelId: C,
      ts: A2,
      userId: 'U7',
      questionId: 'q',
      answer,
      now,
    });
    expect(posted).toMatchObject({ messageTs: A2, threadTs: A2, userId: 'U7', source: 'modal' });
    expect(
      formAnswerPosted({
        teamId: T,
        channelId: C,
        ts: A2,
        threadTs: POST,
        userId: 'U7',
        questionId: 'q',
        answer,
        now,
      }).threadTs,
    ).toBe(POST);
  });
});

describe('classifyStoredReplies (replies stored before answers were told from comments)', () => {
  it('gives each old reply its kind, in every workspace; a comment loses the points it had', async () => {
    dailyQuestion();
    outboxPostSent(world, { teamId: 'T2', channelId: C, ts: POST, at: now - 60 * MINUTE });
    reply(world, { teamId: T, channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText }, now);
    reply(world, { teamId: T, channelId: C, ts: A2, threadTs: POST, userId: 'U9', text: 'thanks!!' }, now);
    reply(world, { teamId: 'T2', channelId: C, ts: A1, threadTs: POST, userId: 'U7', text: answerText }, now);
    // As a reply stored before migration 0011 had it: no kind, and scored like any reply then.
    world.db.prepare('UPDATE thread_answers SET kind = NULL').run();
    world.db
      .prepare(
        `INSERT INTO reaction_points (team_id, channel_id, message_ts, reactor_id, author_id, points, updated_at)
         VALUES (?, ?, ?, 'U2', 'U9', 1, ?)`,
      )
      .run(T, C, A2, now);
    // Until it is classified a reply counts nowhere.
    expect(world.reviews.leaderboard.answerers(T, C, 0, now + 1)).toEqual([]);

    expect(classifyStoredReplies(world.threads, 1)).toBe(3);
    expect(
      world.db
        .prepare('SELECT team_id, user_id, kind FROM thread_answers ORDER BY team_id, message_ts')
        .all(),
    ).toEqual([
      { team_id: 'T1', user_id: 'U7', kind: 'answer' },
      { team_id: 'T1', user_id: 'U9', kind: 'comment' },
      { team_id: 'T2', user_id: 'U7', kind: 'answer' },
    ]);
    expect(world.reviews.reviews.answerPoints(T, C, A2)).toBe(0);
    expect(world.reviews.leaderboard.answerers(T, C, 0, now + 1).map((a) => a.userId)).toEqual(['U7']);
    // Nothing left to do the next time the app starts.
    expect(classifyStoredReplies(world.threads)).toBe(0);
  });
});
