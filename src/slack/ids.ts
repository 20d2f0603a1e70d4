import type { RatingName } from '../domain/practice.js';

/** action_id and callback_id values shared by block builders and listeners. */
export const actions = {
  showAnswer: 'star_show_answer',
  followUp: 'star_follow_up',
  followUpAnswer: 'star_follow_up_answer',
  answerIt: 'star_answer_it',
  nextQuestion: 'star_next_question',
  postQuestion: 'star_post_question',
  postAnswer: 'star_post_answer',
  answerInThread: 'star_answer_in_thread',
  review: 'star_review',
  practiceNow: 'star_practice_now',
  /** The first steps (a newcomer's App Home, the welcome DM): windows that teach. */
  howDailyWorks: 'star_how_daily_works',
  seeCategories: 'star_see_categories',
  /** The App Home's "Settings": a window with the daily reminder and leaderboard privacy. */
  settings: 'star_settings',
  /** "Change" beside a channel in the Settings window: that channel's question of the day, in a window pushed on top. */
  channelSettings: 'star_channel_settings',
  /** "Post today's question now", in a channel's settings window. */
  postTodayNow: 'star_post_today_now',
  /** Mock interviews in pairs: the announcement's Join / Leave (the channel in the value). */
  pairsJoin: 'star_pairs_join',
  pairsLeave: 'star_pairs_leave',
  /** In a group DM (the group in the value): the feedback window, "We met", "Skip this round". */
  pairsFeedback: 'star_pairs_feedback',
  pairsMet: 'star_pairs_met',
  pairsSkip: 'star_pairs_skip',
  forgetConfirm: 'star_forget_confirm',
  forgetCancel: 'star_forget_cancel',
  /** The story bank: "Add a story" (App Home, `/star stories`), the story form's window. */
  storyAdd: 'star_story_add',
  /** "Open" beside a story (the story in the value): the story, the coach's findings, Edit and Delete. */
  storyOpen: 'star_story_open',
  storyEdit: 'star_story_edit',
  storyDelete: 'star_story_delete',
  /** In a story's window opened from a channel: post it there for peer review. */
  storyShare: 'star_story_share',
  /** "Answer with one of my stories" on a question card: a select of the user's stories. */
  storyPick: 'star_story_pick',
  /** "Rehearse a story" on the App Home: the story that is due, in a window; "Show my story" in it. */
  storyRehearse: 'star_story_rehearse',
  storyReveal: 'star_story_reveal',
  /** "Export my stories": the bank as a Markdown deck file in the app's DM. */
  storyExport: 'star_story_export',
  /** "Save as a story" where "Your answers" opens an answer: the story form, filled in from it. */
  storyFromAnswer: 'star_story_from_answer',
} as const;

/**
 * How well a story was told (rehearsing it) or fits a question (answering one with it): one
 * action_id per rating, as for the question card's ratings, routed by their common prefix.
 */
export const storyRateAction = (rating: RatingName) => `star_story_rate_${rating}`;
export const storyRateActionPattern = /^star_story_rate_(again|hard|good|easy)$/;

/**
 * Again / Hard / Good / Easy: one action_id each (Slack refuses two equal action_ids in one block),
 * routed by their common prefix. Cards posted by the first version had one `star_rate` for all
 * four (the rating is in the button's value): they still rate.
 */
export const rateAction = (rating: RatingName) => `star_rate_${rating}`;
export const rateActionPattern = /^star_rate(_(again|hard|good|easy))?$/;

/**
 * "Open" beside each answer the App Home lists: one action_id per button (`star_open_answer_3` for
 * the third), routed by their common prefix. The answer is in the button's value.
 */
export const openAnswerAction = (position: number) => `star_open_answer_${position}`;
export const openAnswerActionPattern = /^star_open_answer_\d{1,3}$/;

/** Matches any id but these (ids are plain words: nothing to escape). */
const anyBut = (...patterns: string[]) => new RegExp(`^(?!(?:${patterns.join('|')})$)`);

/**
 * The modals' callback_id. Their inputs use the STAR part names (domain/star.ts) as block_id and
 * action_id, and `comment` for the rubric's comment.
 */
export const views = {
  answer: 'star_answer_modal',
  review: 'star_review_modal',
  /** The App Home's Settings window: inputs `reminder` (text) and `hide` (checkboxes). */
  settings: 'star_settings_modal',
  /**
   * A channel's question of the day (pushed over the Settings window): inputs `time`, `zone`,
   * `days`, `holidays`, `status`, `pausedUntil`, `skip`, `coach`; the channel in private_metadata.
   */
  channelSettings: 'star_channel_settings_modal',
  /** The interviewer's scores of a mock interview: the rubric's inputs; the group in private_metadata. */
  mockFeedback: 'star_mock_feedback_modal',
  /** A story of the story bank: inputs `title`, the STAR parts, `lesson`, `categories`; its id (if any) in private_metadata. */
  story: 'star_story_modal',
} as const;

export const command = '/star';

/** The message shortcut "Review STAR answer" (manifest.yml). */
export const reviewShortcut = 'review_star_answer';

/** Interactions no listener handles: buttons, forms and shortcuts no version of ours handles now. */
export const unhandled = {
  action: anyBut(
    ...Object.values(actions),
    rateActionPattern.source.slice(1, -1),
    openAnswerActionPattern.source.slice(1, -1),
    storyRateActionPattern.source.slice(1, -1),
  ),
  view: anyBut(...Object.values(views)),
  shortcut: anyBut(reviewShortcut),
} as const;
