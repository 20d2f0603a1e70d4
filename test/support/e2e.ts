import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { buttons, visibleText } from './block-kit-limits.js';
import { tempDir } from './fixtures.js';
import { type Actor, buttonClick, slashCommand } from './signed-requests.js';
import { type SlackStandIn, startSlackStandIn } from './slack-stand-in.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

/**
 * What end-to-end files share: a fake clock, the real app and the stand-in started and checked
 * around every test (`endToEnd`), and a Slack user's hands (`slackUser`): `/star`, clicks, modals,
 * and what Slack was told to show in return.
 */

/** A message as Slack shows it: an ack's body, a response_url post, or a message in a channel. */
export type Msg = { text?: string; blocks: unknown[]; response_type?: string; replace_original?: boolean };

/** The view the app asked Slack to open (views.open), as it comes back in view_submission. */
export type ModalView = {
  callback_id: string;
  private_metadata: string;
  blocks: unknown[];
  submit?: { text: string };
};

/** Who clicks, and on what kind of message (ephemeral unless said otherwise). */
type ClickActor = Actor & { ephemeral?: boolean; messageTs?: string };

/** The text a reader sees in a message. */
export const textOf = (message: Msg): string => visibleText(message.blocks);

/** The labels of a message's buttons, in order. */
export const labels = (message: Msg): string[] => [...buttons(message.blocks).keys()];

/** The question a card asks (its header). */
export const promptOf = (message: Msg): string | undefined =>
  (message.blocks as Array<{ type: string; text?: { text: string } }>).find((b) => b.type === 'header')?.text
    ?.text;

/** The response_url a modal carries for the card it was opened from (its hook id at the stand-in). */
export const cardHookOf = (view: Pick<ModalView, 'private_metadata'>): string =>
  (JSON.parse(view.private_metadata) as { u: string }).u.split('/hooks/')[1] as string;

let hooks = 0;
/** A response_url id never used before in this file (the stand-in records posts by id). */
export const nextHookId = (kind: string): string => `${kind}-${++hooks}`;

// ---------------------------------------------------------------------------------------------
// The clock

/**
 * A clock the test moves: `sleep` moves it on at once (a retry's Retry-After costs no real time),
 * `at` jumps to an instant. `reset` goes back to the start (`endToEnd` does so before each test).
 */
export type FakeClock = {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Jumps to `iso` and returns it in ms. */
  at(iso: string): number;
  /** Moves on by `ms` and returns the new now. */
  advance(ms: number): number;
  reset(): number;
};

export function fakeClock(start: string): FakeClock {
  const parse = (iso: string) => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`not an instant: ${iso}`);
    return ms;
  };
  const origin = parse(start);
  let now = origin;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    at: (iso) => {
      now = parse(iso);
      return now;
    },
    advance: (ms) => {
      now += ms;
      return now;
    },
    reset: () => {
      now = origin;
      return now;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A user in Slack

type SlackUser = {
  /** `/star <text>`: the ephemeral or channel reply, from the ack or (for replies that wait) the response_url. */
  star(text: string, who?: Actor): Promise<Msg>;
  /** Clicks the button labelled `label` on `message`; returns what the app sent to the click's response_url. */
  click(message: Msg, label: string, who?: ClickActor): Promise<Msg>;
  /** Reveals the model answer of a card and rates the recall. */
  practise(card: Msg, rating: 'Again' | 'Hard' | 'Good' | 'Easy', who?: ClickActor): Promise<Msg>;
  /**
   * Sends the interaction `request` builds around a fresh response_url; returns the first post to it.
   * For shortcuts and other requests whose answer comes later.
   */
  viaResponseUrl(request: (responseUrl: string) => string): Promise<Msg>;
  /** Clicks a button that opens a modal (Answer it, Review); returns the view Slack was asked to open. */
  openModal(message: Msg, label: string, who?: ClickActor): Promise<ModalView>;
  /** Sends the interaction `request` builds (a click, a shortcut); returns the view it opened. */
  openModalWith(request: (responseUrl: string) => string): Promise<ModalView>;
  /** The first post to the response_url of the card a modal came from (the saved answer, shown). */
  cardAfter(view: Pick<ModalView, 'private_metadata'>): Promise<Msg>;
};

/** Reads `app` and `standIn` at each call, so it follows an app that is restarted. */
type SlackContext = { readonly app: Pick<TestApp, 'send'>; readonly standIn: SlackStandIn };

function slackUser(slack: SlackContext): SlackUser {
  const firstPost = async (hookId: string): Promise<Msg> => {
    await slack.standIn.waitFor(`hook:${hookId}`);
    return slack.standIn.hooksOf(hookId)[0]?.body as Msg;
  };
  const buttonOf = (message: Msg, label: string) => {
    const button = buttons(message.blocks).get(label);
    if (!button) throw new Error(`no "${label}" button in: ${labels(message).join(', ')}`);
    return button;
  };
  const viaResponseUrl = async (request: (responseUrl: string) => string, kind = 'hook') => {
    const hookId = nextHookId(kind);
    const reply = await slack.app.send(request(slack.standIn.responseUrl(hookId)));
    expect(reply.status).toBe(200);
    return firstPost(hookId);
  };
  const openModalWith = async (request: (responseUrl: string) => string) => {
    const opened = slack.standIn.callsOf('views.open').length;
    const reply = await slack.app.send(request(slack.standIn.responseUrl(nextHookId('modal'))));
    expect(reply.status).toBe(200);
    await slack.standIn.waitFor('views.open', opened + 1);
    return slack.standIn.callsOf('views.open').at(-1)?.args.view as ModalView;
  };
  const click = (message: Msg, label: string, who: ClickActor = {}) => {
    const button = buttonOf(message, label);
    return viaResponseUrl((url) => buttonClick(button, url, who), 'click');
  };
  return {
    star: async (text, who = {}) => {
      const hookId = nextHookId('cmd');
      const reply = await slack.app.send(slashCommand(text, slack.standIn.responseUrl(hookId), who));
      expect(reply.status).toBe(200);
      if (reply.text !== '') return reply.json() as Msg;
      return firstPost(hookId);
    },
    click,
    practise: async (card, rating, who = {}) =>
      click(await click(card, 'Show model answer', who), rating, who),
    viaResponseUrl: (request) => viaResponseUrl(request),
    openModal: (message, label, who = {}) => {
      const button = buttonOf(message, label);
      return openModalWith((url) => buttonClick(button, url, who));
    },
    openModalWith,
    cardAfter: (view) => firstPost(cardHookOf(view)),
  };
}

// ---------------------------------------------------------------------------------------------
// A file's setup

export type EndToEndOptions = {
  /** The app's clock, reset before each test (default: real time). */
  clock?: FakeClock;
  /** Slack's clock (message ts, conversations.history's rate limit) is `clock` too (default: real time). */
  slackOnClock?: boolean;
  /** A Slack of its own for each test (default: one for the file, its history limit reset per test). */
  standInPerTest?: boolean;
  /** Scripts each new stand-in (users.info, oauth.v2.access, …). */
  setUpStandIn?: (standIn: SlackStandIn) => void;
  /** How the app is started (env, oauth, log level, …). */
  app?: Omit<TestAppOptions, 'standIn' | 'dbPath' | 'clock'>;
};

type DailyPost = Awaited<ReturnType<TestApp['runDailyPass']>>['posted'][number];

export type EndToEnd = SlackUser & {
  readonly standIn: SlackStandIn;
  /** The app of the running test (started before it, stopped after it). */
  readonly app: TestApp;
  readonly clock: FakeClock;
  /** The test's temporary folder (removed after it). */
  readonly dir: string;
  /** The app's database. */
  readonly dbPath: string;
  /** Starts another app with this file's options and `overrides` (the caller stops it). */
  startApp(overrides?: Partial<TestAppOptions>): Promise<TestApp>;
  /** Stops the app and starts it again on the same database, with `overrides` for this test. */
  restart(overrides?: Partial<TestAppOptions>): Promise<TestApp>;
  /** The top-level messages Slack took in a channel (not thread replies), oldest first. */
  posts(channel: string): ReturnType<SlackStandIn['messagesIn']>;
  /** Subscribes `channel` at 09:00 Berlin and runs the daily pass at `iso`; returns its post there. */
  dailyPost(channel: string, iso?: string): Promise<DailyPost>;
};

/**
 * Registers a file's hooks: the stand-in (one for the file, or one per test), and for each test a
 * temporary folder, the clock back at its start and the real app on a fresh database. After each
 * test the app stops, and Slack must have refused nothing the test did not expect (and take) itself.
 */
export function endToEnd(options: EndToEndOptions = {}): EndToEnd {
  let standIn: SlackStandIn | undefined;
  let app: TestApp | undefined;
  let temp: ReturnType<typeof tempDir> | undefined;

  const running = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} exists only while a test runs`);
    return value;
  };
  const newStandIn = async () => {
    const started = await startSlackStandIn(
      options.slackOnClock && options.clock ? { now: options.clock.now } : {},
    );
    options.setUpStandIn?.(started);
    return started;
  };
  const startApp = (overrides: Partial<TestAppOptions> = {}) =>
    startTestApp({
      standIn: running(standIn, 'The stand-in'),
      dbPath: join(running(temp, 'The temporary folder').dir, 'star.db'),
      ...(options.clock ? { clock: options.clock } : {}),
      ...options.app,
      ...overrides,
    });

  if (!options.standInPerTest) {
    beforeAll(async () => {
      standIn = await newStandIn();
    });
    afterAll(() => standIn?.close());
  }
  beforeEach(async () => {
    app = undefined;
    options.clock?.reset();
    if (options.standInPerTest) standIn = await newStandIn();
    else running(standIn, 'The stand-in').resetHistoryLimit(); // each test starts a fresh minute of Slack's clock
    temp = tempDir();
    app = await startApp();
    // It listens before Slack has answered the check of its bot token: the test starts once it has.
    await app.idle();
  });
  afterEach(async () => {
    await app?.stop();
    temp?.cleanup();
    const slack = running(standIn, 'The stand-in');
    if (options.standInPerTest) await slack.close();
    // Slack refused nothing the test did not expect (and take) itself.
    expect(slack.takeRefusals()).toEqual([]);
  });

  const context: SlackContext = {
    get app() {
      return running(app, 'The app');
    },
    get standIn() {
      return running(standIn, 'The stand-in');
    },
  };
  const user = slackUser(context);
  return {
    ...user,
    get standIn() {
      return context.standIn;
    },
    get app() {
      return running(app, 'The app');
    },
    get clock() {
      return running(options.clock, 'A fake clock (endToEnd({ clock }))');
    },
    get dir() {
      return running(temp, 'The temporary folder').dir;
    },
    get dbPath() {
      return join(running(temp, 'The temporary folder').dir, 'star.db');
    },
    startApp,
    restart: async (overrides = {}) => {
      await running(app, 'The app').stop();
      app = await startApp(overrides);
      return app;
    },
    posts: (channel) => context.standIn.messagesIn(channel).filter((m) => m.thread_ts === undefined),
    dailyPost: async (channel, iso = '2026-11-24T08:00:00Z') => {
      await user.star('subscribe 09:00 Europe/Berlin', { channelId: channel });
      const clock = running(options.clock, 'A fake clock (endToEnd({ clock }))');
      const report = await running(app, 'The app').runDailyPass(clock.at(iso));
      const post = report.posted.find((p) => p.channelId === channel);
      if (!post) throw new Error(`no daily post in ${channel}`);
      return post;
    },
  };
}
