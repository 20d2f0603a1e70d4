import type { Library } from '../domain/deck.js';
import type { AnswerRepository } from '../storage/answer-repository.js';
import type { CardRepository } from '../storage/card-repository.js';
import type { PracticeRepository } from '../storage/practice-repository.js';
import type { SharedQuestionRepository } from '../storage/shared-question-repository.js';
import type { ThreadAnswerRepository } from '../storage/thread-answer-repository.js';

/** What the practice use cases need, built once in main.ts. */
export type PracticeDeps = {
  readonly library: Library;
  readonly practice: PracticeRepository;
  readonly cards: CardRepository;
  readonly answers: AnswerRepository;
  readonly shared: SharedQuestionRepository;
  /** Answers visible in channels: a private answer joins them once its author posts it. */
  readonly threadAnswers: ThreadAnswerRepository;
  /** Runs `fn` in one database transaction. */
  readonly atomically: <T>(fn: () => T) => T;
  readonly random: () => number;
};

/** Who is acting: every record is scoped to a workspace. */
export type Who = { readonly teamId: string; readonly userId: string };
