import { describe, expect, it } from 'vitest';
import { buttons, visibleText } from '../support/block-kit-limits.js';
import { endToEnd, fakeClock, type ModalView, type Msg, nextHookId, promptOf } from '../support/e2e.js';
import { installAsBrowser, oauthAccess } from '../support/oauth.js';
import { buttonAction, eventCallback, type SlackReply } from '../support/signed-requests.js';
import { newTriggerId } from '../support/slack-contract/interactivity.js';

/**
 * Issue 13, point 1: a request's workspace is the one Bolt authorized (`context`), never a field
 * read from the payload. In Slack Connect and Enterprise Grid the payload names two workspaces: the
 * one whose channel the request happens in (`team.id`, `team_id`, `authorizations`,
 * `view.app_installed_team_id`: what Bolt authorizes) and the acting user's own (`user.team_id`,
 * `view.team_id`, `event.user_team`, the events' outer `team_id`). Here a user of workspace B acts
 * in a channel of workspace A, both installed through OAuth with their own bot tokens, and for each
 * kind of request (slash commands, clicks, modals, the message shortcut, events) every row written
 * carries A's team_id, every Web API call uses A's token, and nothing of B's (a private answer B's
 * user saved in B) reaches A. After B is uninstalled, B's users in A's channels write no B rows; a
 * payload naming a workspace that is not installed gets no service at all.
 */

const clock = fakeClock('2026-11-23T20:00:00Z');
const e2e = endToEnd({
  clock,
  slackOnClock: true,
  setUpStandIn: (standIn) =>
    standIn.on(
      'oauth.v2.access',
      // An org-wide install of Enterprise Grid org E2; TG… workspaces belong to org E1 (installed one by one).
      oauthAccess({
        orgEnterpriseId: 'E2',
        enterpriseOf: (team) => (team.startsWith('TG') ? 'E1' : undefined),
      }),
    ),
  app: { oauth: true, logLevel: 'info', random: () => 0.3 },
});

const query = <T>(sql: string, ...params: unknown[]) => e2e.app.query<T>(sql, ...params);
const logs = () => e2e.app.logs.join('\n');

// ---------------------------------------------------------------------------------------------
// Workspaces, and where a request comes from

type Workspace = {
  readonly team: string;
  readonly token: string;
  readonly bot: string;
  readonly channel: string;
  /** A user of this workspace. */
  readonly user: string;
  readonly enterprise?: string;
  /** Served by an org-wide install of `enterprise`. */
  readonly orgInstall?: boolean;
};

/** Where a request comes from, as Slack describes it. */
type Origin = {
  /** The workspace whose channel the request happens in: `team.id`, `team_id`, `authorizations`. */
  readonly team: string;
  /** The acting user's own workspace: `user.team_id`, `view.team_id`, `event.user_team`. */
  readonly userTeam: string;
  readonly user: string;
  readonly channel: string;
  readonly enterprise?: string | undefined;
  readonly orgInstall?: boolean | undefined;
};

/** A user acting in their own workspace's channel. */
const home = (w: Workspace, user = w.user): Origin => ({
  team: w.team,
  userTeam: w.team,
  user,
  channel: w.channel,
  enterprise: w.enterprise,
  orgInstall: w.orgInstall,
});

/** `b`'s user acting in `a`'s channel (Slack Connect, or another workspace of the same org). */
const visitor = (a: Workspace, b: Workspace, user = b.user): Origin => ({
  ...home(a, user),
  userTeam: b.team,
});

type Scenario = {
  readonly name: string;
  /** OAuth install codes, in order. */
  readonly installs: readonly string[];
  readonly a: Workspace;
  readonly b: Workspace;
  /** B has an installation of its own (so it can be uninstalled without A). */
  readonly bUninstallable: boolean;
  /** Payloads that name a workspace (or org) this app is not installed for. */
  readonly notInstalled: readonly Origin[];
};

const TA: Workspace = { team: 'TA', token: 'xoxb-ta-token', bot: 'UBOTTA', channel: 'CA1', user: 'UA1' };
const TB: Workspace = { team: 'TB', token: 'xoxb-tb-token', bot: 'UBOTTB', channel: 'CB1', user: 'UB1' };
const TGA: Workspace = {
  team: 'TGA',
  enterprise: 'E1',
  token: 'xoxb-tga-token',
  bot: 'UBOTTGA',
  channel: 'CGA1',
  user: 'UGA1',
};
const TGB: Workspace = {
  team: 'TGB',
  enterprise: 'E1',
  token: 'xoxb-tgb-token',
  bot: 'UBOTTGB',
  channel: 'CGB1',
  user: 'UGB1',
};
const T2A: Workspace = {
  team: 'T2A',
  enterprise: 'E2',
  orgInstall: true,
  token: 'xoxb-org-token',
  bot: 'UBOTORG',
  channel: 'C2A1',
  user: 'U2A1',
};
const T2B: Workspace = { ...T2A, team: 'T2B', channel: 'C2B1', user: 'U2B1' };

const nowhere = (a: Workspace, patch: Partial<Origin>): Origin => ({
  ...home(a),
  channel: 'CZZ1',
  ...patch,
});

const scenarios: Scenario[] = [
  {
    name: 'Slack Connect: a user of workspace B in a channel of workspace A',
    installs: ['TA', 'TB'],
    a: TA,
    b: TB,
    bUninstallable: true,
    notInstalled: [nowhere(TA, { team: 'TZZ' })],
  },
  {
    name: 'Enterprise Grid, workspaces installed one by one: a user of TGB in a channel of TGA',
    installs: ['TGA', 'TGB'],
    a: TGA,
    b: TGB,
    bUninstallable: true,
    notInstalled: [
      // A workspace of the org that never installed the app.
      nowhere(TGA, { team: 'TGZ' }),
      // An org-wide install of E1 that does not exist (only its workspaces installed the app).
      nowhere(TGA, { orgInstall: true }),
    ],
  },
  {
    name: 'Enterprise Grid, org-wide install: a user of workspace T2B in a channel of T2A (same org)',
    installs: ['ORG'],
    a: T2A,
    b: T2B,
    bUninstallable: false,
    notInstalled: [
      // Another org.
      nowhere(T2A, { enterprise: 'E9' }),
      // A workspace install of T2A that does not exist (the org installed the app, not T2A).
      nowhere(T2A, { orgInstall: false }),
    ],
  },
  {
    name: 'Slack Connect into an org: a user of workspace B (its own install) in a channel of an org-wide install',
    installs: ['ORG', 'TB'],
    a: T2A,
    b: TB,
    bUninstallable: true,
    notInstalled: [nowhere(T2A, { enterprise: 'E9' })],
  },
];

// ---------------------------------------------------------------------------------------------
// Requests in the shapes Slack sends them

const domain = (team: string) => team.toLowerCase();
const channelName = (channel: string) => `prep-${channel.toLowerCase()}`;

/** `enterprise` / `team` / `user` as interactivity payloads carry them. */
function interactionParties(o: Origin) {
  return {
    team: { id: o.team, domain: domain(o.team), ...(o.enterprise ? { enterprise_id: o.enterprise } : {}) },
    enterprise: o.enterprise ? { id: o.enterprise, name: `Org ${o.enterprise}` } : null,
    is_enterprise_install: o.orgInstall === true,
    user: { id: o.user, username: o.user.toLowerCase(), name: o.user.toLowerCase(), team_id: o.userTeam },
  };
}

const form = (payload: object) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** A slash command, form-encoded: `team_id` is the workspace it was run in. */
function commandBody(text: string, responseUrl: string, o: Origin): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: o.team,
    team_domain: domain(o.team),
    ...(o.enterprise ? { enterprise_id: o.enterprise, enterprise_name: `Org ${o.enterprise}` } : {}),
    channel_id: o.channel,
    channel_name: channelName(o.channel),
    user_id: o.user,
    user_name: o.user.toLowerCase(),
    command: '/star',
    text,
    api_app_id: 'A1',
    is_enterprise_install: o.orgInstall ? 'true' : 'false',
    response_url: responseUrl,
    trigger_id: newTriggerId(),
  }).toString();
}

type Button = { action_id: string; value: string; block_id: string };
type Where = { ephemeral?: boolean; messageTs?: string };

/** block_actions: `team.id` is the channel's workspace, `user.team_id` the clicker's. */
function clickBody(button: Button, responseUrl: string, o: Origin, where: Where = {}): string {
  const ephemeral = where.ephemeral ?? true;
  const ts = where.messageTs ?? '1700000000.000100';
  return form({
    type: 'block_actions',
    ...interactionParties(o),
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: o.channel, is_ephemeral: ephemeral },
    trigger_id: newTriggerId(),
    channel: { id: o.channel, name: channelName(o.channel) },
    ...(ephemeral ? {} : { message: { type: 'message', ts, text: 'x', user: 'UBOT' } }),
    state: { values: {} },
    response_url: responseUrl,
    actions: [buttonAction(button)],
  });
}

/**
 * view_submission: `view.team_id` and `user.team_id` name the submitter's workspace. `team.id` is
 * the channel's workspace, or with `teamField: 'user'` the submitter's, as Slack sends it for a modal
 * opened in a Slack Connect channel; `view.app_installed_team_id` is the workspace the app serves.
 */
function submissionBody(
  view: Pick<ModalView, 'callback_id' | 'private_metadata'>,
  input: { selects?: Record<string, string>; texts?: Record<string, string> },
  o: Origin,
  options: { teamField?: 'channel' | 'user' } = {},
): string {
  const values: Record<string, Record<string, unknown>> = {};
  for (const [id, value] of Object.entries(input.selects ?? {})) {
    values[id] = {
      [id]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } },
    };
  }
  for (const [id, value] of Object.entries(input.texts ?? {}))
    values[id] = { [id]: { type: 'plain_text_input', value } };
  const parties = interactionParties(o);
  const team = options.teamField === 'user' ? { ...parties.team, id: o.userTeam } : parties.team;
  return form({
    type: 'view_submission',
    ...parties,
    team,
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: newTriggerId(),
    view: {
      id: 'V2',
      type: 'modal',
      team_id: o.userTeam,
      app_installed_team_id: o.team,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values },
      hash: 'h',
      app_id: 'A1',
      bot_id: 'BBOT',
    },
    response_urls: [],
  });
}

/** The message shortcut "Review STAR answer" on a message. */
function shortcutBody(target: { ts: string; author: string }, responseUrl: string, o: Origin): string {
  return form({
    type: 'message_action',
    callback_id: 'review_star_answer',
    trigger_id: newTriggerId(),
    response_url: responseUrl,
    action_ts: '1700000000.2',
    ...interactionParties(o),
    channel: { id: o.channel, name: channelName(o.channel) },
    message: { type: 'message', ts: target.ts, user: target.author, text: 'an answer' },
    message_ts: target.ts,
    token: 'legacy-verification-token',
  });
}

let events = 0;
/**
 * An Events API callback from a Slack Connect (or cross-workspace) conversation: Bolt authorizes
 * `authorizations[0]` (the channel's workspace), while the outer `team_id` names the workspace of
 * the user who acted, as do `event.user_team` / `source_team` on messages.
 */
function eventBody(event: Record<string, unknown>, o: Origin, bot: string): string {
  events += 1;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: o.userTeam,
    ...(o.enterprise ? { enterprise_id: o.enterprise } : {}),
    context_team_id: o.team,
    context_enterprise_id: o.enterprise ?? null,
    api_app_id: 'A1',
    event,
    type: 'event_callback',
    event_id: `EvX${events}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: o.enterprise ?? null,
        team_id: o.team,
        user_id: bot,
        is_bot: true,
        is_enterprise_install: o.orgInstall === true,
      },
    ],
    is_ext_shared_channel: o.team !== o.userTeam,
  });
}

let messageSeconds = 1_900_000_000;
const nextTs = () => `${++messageSeconds}.000200`;

/** A person's reply in a thread, as a `message` event names their workspace. */
function threadReply(o: Origin, threadTs: string, text: string, ts = nextTs()) {
  return {
    type: 'message',
    channel: o.channel,
    channel_type: 'channel',
    user: o.user,
    text,
    ts,
    thread_ts: threadTs,
    parent_user_id: 'UBOT',
    team: o.userTeam,
    user_team: o.userTeam,
    source_team: o.userTeam,
    event_ts: ts,
  };
}

function reactionEvent(o: Origin, type: 'reaction_added' | 'reaction_removed', target: Target) {
  return {
    type,
    user: o.user,
    reaction: 'star',
    item_user: target.author,
    item: { type: 'message', channel: o.channel, ts: target.ts },
    event_ts: nextTs(),
  };
}

// ---------------------------------------------------------------------------------------------
// A user's hands

async function install(code: string): Promise<void> {
  expect((await installAsBrowser(e2e.app.url, code)).status).toBe(200);
}

/** Every ack body of the requests a test sent (what Slack showed straight away). */
let acks: unknown[] = [];

const hook = () => {
  const id = nextHookId('xw');
  return { id, url: e2e.standIn.responseUrl(id) };
};

async function firstPost(id: string): Promise<Msg> {
  await e2e.standIn.waitFor(`hook:${id}`);
  return e2e.standIn.hooksOf(id)[0]?.body as Msg;
}

async function sent(body: string): Promise<SlackReply> {
  const reply = await e2e.app.send(body);
  expect(reply.status).toBe(200);
  if (reply.text !== '') acks.push(reply.json());
  return reply;
}

/** `/star <text>`: the reply in the ack, or else the first post to its response_url. */
async function command(text: string, o: Origin): Promise<Msg> {
  const { id, url } = hook();
  const reply = await sent(commandBody(text, url, o));
  return reply.text !== '' ? (reply.json() as Msg) : firstPost(id);
}

function buttonOf(message: Msg, label: string): Button {
  const found = buttons(message.blocks).get(label);
  if (!found) throw new Error(`no "${label}" button in: ${[...buttons(message.blocks).keys()].join(', ')}`);
  return found;
}

/** A click; returns what the app sent to the click's response_url. */
async function click(message: Msg, label: string, o: Origin, where: Where = {}): Promise<Msg> {
  const { id, url } = hook();
  await sent(clickBody(buttonOf(message, label), url, o, where));
  return firstPost(id);
}

/** A request that opens a modal; returns the view and the token it was opened with. */
async function opening(request: (responseUrl: string) => string): Promise<ModalView & { token?: string }> {
  const opened = () => e2e.standIn.callsOf('views.open').length;
  const before = opened();
  const { id, url } = hook();
  await sent(request(url));
  // A modal, or else the reason the app gave instead (sent to the response_url).
  await expect
    .poll(() => opened() > before || e2e.standIn.hooksOf(id).length > 0, { timeout: 4_000 })
    .toBe(true);
  if (opened() === before) {
    const answer = e2e.standIn.hooksOf(id)[0]?.body as Msg;
    throw new Error(`no modal was opened; the app answered: ${answer.text ?? visibleText(answer.blocks)}`);
  }
  const call = e2e.standIn.callsOf('views.open').at(-1);
  return { ...(call?.args.view as ModalView), ...(call?.token ? { token: call.token } : {}) };
}

const openModal = (message: Msg, label: string, o: Origin, where: Where = {}) =>
  opening((url) => clickBody(buttonOf(message, label), url, o, where));

/** The card a modal was opened from, after its submission (the saved answer, shown in its place). */
const { cardAfter } = e2e;

const starAnswer = (mark: string) => ({
  situation: `${mark}: our release train kept slipping.`,
  task: `${mark}: I owned the fix.`,
  action: `${mark}: I split the train into two lanes.`,
  result: `${mark}: slips fell from 6 to 1 a quarter.`,
});

const rubric = { selects: { situation: '4', task: '5', action: '3', result: '4' } };

type Target = { ts: string; author: string };

/** `o`'s user answers question `n` in the STAR form from a card in o's channel; the answer is saved privately. */
async function saveAnswer(
  o: Origin,
  n: number,
  mark: string,
  teamField: 'channel' | 'user' = 'channel',
): Promise<{ card: Msg; saved: Msg }> {
  const card = await command(`question ${n}`, o);
  const view = await openModal(card, 'Answer it', o);
  const reply = await sent(submissionBody(view, { texts: starAnswer(mark) }, o, { teamField }));
  expect(reply.text, 'the answer is taken').toBe('');
  return { card, saved: await cardAfter(view) };
}

/** `o`'s user saves an answer to question `n` and posts it to o's channel; returns the post. */
async function postAnswer(o: Origin, n: number, mark: string): Promise<Target> {
  const { saved } = await saveAnswer(o, n, mark);
  const posted = await click(saved, 'Post my answer to channel', o);
  expect(posted.text).toContain('Your answer is posted in');
  const post = e2e.standIn.callsOf('chat.postMessage').at(-1);
  const ts = e2e.standIn.messagesIn(o.channel).at(-1)?.ts;
  expect(post?.args.channel).toBe(o.channel);
  if (!ts) throw new Error('no post');
  return { ts, author: o.user };
}

/** `o`'s user shares question `n` with o's channel; returns the channel post (its ts and blocks). */
async function shareQuestion(o: Origin, n: number): Promise<{ ts: string; post: Msg }> {
  const card = await command(`question ${n}`, o);
  const done = await click(card, 'Post to channel', o);
  expect(done.text).toContain('Posted to the channel');
  const stored = e2e.standIn.messagesIn(o.channel).at(-1);
  if (!stored) throw new Error('no shared question');
  return { ts: stored.ts, post: { blocks: stored.blocks as unknown[] } };
}

async function event(body: string): Promise<void> {
  expect((await e2e.app.sendEvent(body)).status).toBe(200);
  await e2e.app.idle();
}

// ---------------------------------------------------------------------------------------------
// What is stored, and what reached Slack

/** Every table with a team_id column, read from the schema (a later migration's tables too). */
function teamTables(): string[] {
  return query<{ name: string }>(
    `SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
     AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'team_id') ORDER BY m.name`,
  ).map((row) => row.name);
}

const distinctTeams = (table: string) =>
  query<{ team_id: string }>(`SELECT DISTINCT team_id FROM ${table} ORDER BY team_id`).map((r) => r.team_id);

/** Every row of every table, by team_id and table (rows as sorted JSON). */
type Snapshot = Record<string, Record<string, string[]>>;
function snapshot(): Snapshot {
  const all: Snapshot = {};
  for (const table of teamTables()) {
    for (const row of query<Record<string, unknown>>(`SELECT * FROM ${table}`)) {
      const team = String(row.team_id);
      const tables = all[team] ?? {};
      tables[table] = [...(tables[table] ?? []), JSON.stringify(row)];
      all[team] = tables;
    }
  }
  for (const tables of Object.values(all)) for (const rows of Object.values(tables)) rows.sort();
  return all;
}

/**
 * Since `before`, only `team` had rows written: `SELECT DISTINCT team_id` of every table names no
 * other workspace than before, and every other workspace's rows are exactly as they were.
 */
function expectRowsWrittenOnlyFor(team: string, before: Snapshot): void {
  const after = snapshot();
  for (const table of teamTables()) {
    const had = new Set(Object.keys(before).filter((t) => before[t]?.[table]));
    const strangers = distinctTeams(table).filter((t) => t !== team && !had.has(t));
    expect(strangers, `SELECT DISTINCT team_id FROM ${table}: rows of another workspace`).toEqual([]);
  }
  for (const other of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (other === team) continue;
    expect(after[other] ?? {}, `the rows of ${other} changed`).toEqual(before[other] ?? {});
  }
}

/** Rows of `team` in `table` (a few columns), to show what was written for A. */
const rowsOf = (table: string, team: string, columns = '*') =>
  query<Record<string, unknown>>(`SELECT ${columns} FROM ${table} WHERE team_id = ?`, team);

type Mark = { calls: number; hooks: number };
const mark = (): Mark => {
  acks = [];
  return { calls: e2e.standIn.calls.length, hooks: e2e.standIn.hooks.length };
};
const callsSince = (m: Mark) => e2e.standIn.calls.slice(m.calls);

/** Every Web API call since `m` was made with `token` (and there were some). */
function expectOnlyToken(m: Mark, token: string): void {
  const calls = callsSince(m);
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((c) => c.token !== token).map((c) => `${c.method} with ${c.token}`)).toEqual([]);
}

/** `secret` was in nothing the app sent to Slack since `m`: no call, no response_url post, no ack. */
function expectNothingShown(m: Mark, secret: string, channel: string): void {
  const seen = JSON.stringify({
    calls: callsSince(m).map((c) => c.args),
    hooks: e2e.standIn.hooks.slice(m.hooks).map((h) => h.body),
    acks,
  });
  expect(seen).not.toContain(secret);
  expect(JSON.stringify(e2e.standIn.messagesIn(channel))).not.toContain(secret);
}

// ---------------------------------------------------------------------------------------------
// B's own data, made in B by B's user

type SeededB = {
  /** A marker in every part of the answer B's user saved privately in B. */
  readonly secret: string;
  /** The "Post my answer to channel" button of that private answer (its id is B's). */
  readonly secretPostButton: Msg;
  /** A question shared in B's channel, and B's user's answer in its thread. */
  readonly sharedTs: string;
  readonly threadAnswer: Target;
};

let secrets = 0;
async function seedB(s: Scenario): Promise<SeededB> {
  const o = home(s.b);
  const secret = `BSECRET${++secrets}X`;
  const { saved } = await saveAnswer(o, 1, secret);
  expect(visibleText(saved.blocks)).toContain(secret);
  const shared = await shareQuestion(o, 2);
  const threadAnswer = { ts: nextTs(), author: o.user };
  await event(
    eventBody(
      threadReply(
        o,
        shared.ts,
        'B: I moved the nightly job to a queue and it stopped failing.',
        threadAnswer.ts,
      ),
      o,
      s.b.bot,
    ),
  );
  await event(eventBody(reactionEvent(home(s.b, 'UBREACT'), 'reaction_added', threadAnswer), o, s.b.bot));
  await e2e.app.idle();
  // B's rows are B's: the answer, the practice, the shared question, the thread answer, the reaction.
  for (const table of ['answers', 'practice_events', 'shared_questions', 'thread_answers', 'reaction_events'])
    expect(rowsOf(table, s.b.team).length, `${table} of ${s.b.team}`).toBeGreaterThan(0);
  return {
    secret,
    secretPostButton: { blocks: saved.blocks },
    sharedTs: shared.ts,
    threadAnswer,
  };
}

async function installAll(s: Scenario): Promise<void> {
  for (const code of s.installs) await install(code);
}

// ---------------------------------------------------------------------------------------------

/** Each test installs two workspaces, seeds B and sends a few dozen requests: more than 5 s on a busy machine. */
const long = 20_000;

describe.each(scenarios)('$name', (s) => {
  const { a, b } = s;
  const guest = visitor(a, b);

  it(
    'slash commands: /star question, subscribe, schedule, pause, coach, leaderboard, remind, stats, export, forget-me write A rows with A’s token, and show nothing of B',
    async () => {
      await installAll(s);
      const seeded = await seedB(s);
      // In B, B's user has practised questions 1 (the private answer) and 2 (the thread answer).
      const inB = await command('categories', home(b));
      expect(visibleText(inB.blocks)).toContain('you have practiced 2 of 3 questions');
      const before = snapshot();
      const m = mark();

      const card = await command('question 1', guest);
      expect(card.response_type).toBe('ephemeral');
      expect(promptOf(card)).toContain('rallied a team');
      const categories = await command('categories', guest);
      expect(visibleText(categories.blocks)).toContain('you have practiced 0 of 3 questions');
      const subscribed = await command('subscribe 09:00 Europe/Berlin', guest);
      expect(subscribed.response_type).toBe('in_channel');
      await command('schedule', guest);
      await command('pause', guest);
      await command('resume', guest);
      await command('coach off', guest);
      await command('leaderboard', guest);
      await command('remind 08:00', guest);
      const stats = await command('stats', guest);
      expect(visibleText(stats.blocks)).not.toContain(seeded.secret);
      const exported = await command('export', guest);
      expect(visibleText(exported.blocks)).toContain('is in our direct messages');
      const csv = e2e.standIn.upload('star-partner-export-2026-11-23.csv');
      expect(csv).toContain('rally-team');
      expect(csv).not.toContain(seeded.secret);
      await e2e.app.idle();

      expectRowsWrittenOnlyFor(a.team, before);
      expect(rowsOf('subscriptions', a.team, 'team_id, channel_id')).toEqual([
        { team_id: a.team, channel_id: a.channel },
      ]);
      expect(rowsOf('channel_settings', a.team, 'team_id, channel_id')).toEqual([
        { team_id: a.team, channel_id: a.channel },
      ]);
      expect(rowsOf('reminders', a.team, 'team_id, user_id')).toEqual([{ team_id: a.team, user_id: b.user }]);
      expect(rowsOf('practice_events', a.team, 'team_id, user_id, kind')).toEqual([
        { team_id: a.team, user_id: b.user, kind: 'view' },
      ]);

      // forget-me in A deletes the user's rows in A, and leaves their rows in B alone.
      const confirm = await command('forget-me', guest);
      const gone = await click(confirm, 'Delete my data', guest);
      expect(visibleText(gone.blocks)).toMatch(/deleted/i);
      await e2e.app.idle();
      expectRowsWrittenOnlyFor(a.team, before);
      expect(rowsOf('answers', b.team, 'user_id')).toEqual([{ user_id: b.user }]);
      expect(rowsOf('practice_events', a.team)).toEqual([]);
      expect(rowsOf('reminders', a.team)).toEqual([]);

      expectOnlyToken(m, a.token);
      expectNothingShown(m, seeded.secret, a.channel);
    },
    long,
  );

  it(
    'clicks: show model answer, rate, post to channel, answer it → view_submission, post my answer, review → its view_submission',
    async () => {
      await installAll(s);
      const seeded = await seedB(s);
      const before = snapshot();
      const m = mark();
      /** So far, rows only for A and calls only with A's token. */
      const nothingCrossed = async () => {
        await e2e.app.idle();
        expectRowsWrittenOnlyFor(a.team, before);
        expectOnlyToken(m, a.token);
      };

      // The model answer and a rating, on a card in A's channel.
      const card = await command('question 1', guest);
      const revealed = await click(card, 'Show model answer', guest);
      expect(visibleText(revealed.blocks)).toContain('*Situation*');
      const rated = await click(revealed, 'Good', guest);
      expect(visibleText(rated.blocks)).toContain('You rated your recall *Good*');
      await nothingCrossed();

      // Answer it → the STAR modal, opened with A's token; submitted with view.team_id and
      // user.team_id naming B; saved for A and shown in place of the card.
      const view = await openModal(card, 'Answer it', guest);
      expect(view.token).toBe(a.token);
      expect(
        (await sent(submissionBody(view, { texts: starAnswer('guest answer') }, guest))).text,
        'the answer is taken',
      ).toBe('');
      const saved = await cardAfter(view);
      expect(visibleText(saved.blocks)).toContain('guest answer');
      expect(visibleText(saved.blocks)).not.toContain(seeded.secret);

      // Post my answer to channel: posted in A's channel with A's token, scored in A.
      const posted = await click(saved, 'Post my answer to channel', guest);
      expect(posted.text).toContain(`Your answer is posted in <#${a.channel}>`);
      await nothingCrossed();
      expect(rowsOf('answers', a.team, 'user_id, posted_channel_id')).toEqual([
        { user_id: b.user, posted_channel_id: a.channel },
      ]);
      expect(rowsOf('thread_answers', a.team, 'user_id, source')).toEqual([
        { user_id: b.user, source: 'modal' },
      ]);

      // The same modal submitted as Slack sends it from a Slack Connect channel: team.id is the
      // submitter's workspace and view.app_installed_team_id the one the app serves.
      const second = await openModal(await command('question 2', guest), 'Answer it', guest);
      const reply = await sent(
        submissionBody(second, { texts: starAnswer('second guest answer') }, guest, { teamField: 'user' }),
      );
      expect(reply.text).toBe('');
      await cardAfter(second);
      await nothingCrossed();
      expect(rowsOf('answers', a.team, 'user_id')).toHaveLength(2);

      // Post to channel shares the question with A's channel; Answer it under it answers in the thread.
      const shared = await shareQuestion(guest, 3);
      expect(rowsOf('shared_questions', a.team, 'channel_id, shared_by')).toEqual([
        { channel_id: a.channel, shared_by: b.user },
      ]);
      const teammate = await click(shared.post, 'Show model answer', guest, {
        ephemeral: false,
        messageTs: shared.ts,
      });
      expect(teammate.response_type).toBe('ephemeral');
      const inThread = await openModal(shared.post, 'Answer it', guest, {
        ephemeral: false,
        messageTs: shared.ts,
      });
      const threadPosts = e2e.standIn.callsOf('chat.postMessage').length;
      await sent(submissionBody(inThread, { texts: starAnswer('thread guest answer') }, guest));
      await e2e.standIn.waitFor('chat.postMessage', threadPosts + 1);
      await nothingCrossed();
      expect(e2e.standIn.callsOf('chat.postMessage').at(-1)?.args).toMatchObject({
        channel: a.channel,
        thread_ts: shared.ts,
      });
      expect(
        rowsOf('thread_answers', a.team, 'user_id, thread_ts').filter((r) => r.thread_ts === shared.ts),
      ).toEqual([{ user_id: b.user, thread_ts: shared.ts }]);

      // Review: A's user posts an answer; the guest reviews it with the button and the rubric modal.
      const answerOfA = await postAnswer(home(a), 2, 'A: I rewrote the flaky suite and CI went green.');
      const review = await openModal({ blocks: messageBlocks(a.channel, answerOfA.ts) }, 'Review', guest, {
        ephemeral: false,
        messageTs: answerOfA.ts,
      });
      expect(review.token).toBe(a.token);
      const dms = e2e.standIn.callsOf('chat.postMessage').length;
      const reviewed = await sent(
        submissionBody(review, { ...rubric, texts: { comment: 'Good one.' } }, guest),
      );
      expect(reviewed.text).toBe('');
      await e2e.standIn.waitFor('chat.postMessage', dms + 1);
      await nothingCrossed();
      expect(e2e.standIn.callsOf('chat.postMessage').at(-1)?.args.channel).toBe(a.user);
      expect(rowsOf('rubric_reviews', a.team, 'reviewer_id, author_id')).toEqual([
        { reviewer_id: b.user, author_id: a.user },
      ]);

      // B's private answer, clicked in A's channel ("Post my answer to channel" of B's card, the
      // click authorized for A): not found in A, nothing posted.
      const postsBefore = e2e.standIn.messagesIn(a.channel).length;
      const refused = await click(seeded.secretPostButton, 'Post my answer to channel', guest);
      expect(refused.text).toContain('can’t find that answer');
      expect(e2e.standIn.messagesIn(a.channel)).toHaveLength(postsBefore);
      await e2e.app.idle();

      expectRowsWrittenOnlyFor(a.team, before);
      expectOnlyToken(m, a.token);
      expectNothingShown(m, seeded.secret, a.channel);
    },
    long,
  );

  it(
    'the message shortcut "Review STAR answer" and its view_submission',
    async () => {
      await installAll(s);
      const seeded = await seedB(s);
      const answerOfA = await postAnswer(home(a), 1, 'A: I rewrote the flaky suite and CI went green.');
      const before = snapshot();
      const m = mark();

      const view = await opening((url) => shortcutBody(answerOfA, url, guest));
      expect(view.token).toBe(a.token);
      expect(visibleText(view.blocks)).toContain('A: I rewrote the flaky suite and CI went green.');
      const dms = e2e.standIn.callsOf('chat.postMessage').length;
      const reply = await sent(
        submissionBody(view, { ...rubric, texts: { comment: 'Quantify it.' } }, guest, { teamField: 'user' }),
      );
      expect(reply.text).toBe('');
      await e2e.standIn.waitFor('chat.postMessage', dms + 1);
      await e2e.app.idle();
      expectRowsWrittenOnlyFor(a.team, before);
      expect(rowsOf('rubric_reviews', a.team, 'channel_id, reviewer_id, author_id')).toEqual([
        { channel_id: a.channel, reviewer_id: b.user, author_id: a.user },
      ]);

      // The shortcut on B's thread answer, authorized for A: not an answer in A, nothing opened.
      const { id, url } = hook();
      const opened = e2e.standIn.callsOf('views.open').length;
      await sent(shortcutBody(seeded.threadAnswer, url, { ...guest, channel: b.channel }));
      const refusal = await firstPost(id);
      expect(visibleText(refusal.blocks)).toMatch(/answer/i);
      expect(e2e.standIn.callsOf('views.open')).toHaveLength(opened);
      await e2e.app.idle();

      expectRowsWrittenOnlyFor(a.team, before);
      expectOnlyToken(m, a.token);
      expectNothingShown(m, seeded.secret, a.channel);
    },
    long,
  );

  it(
    'events: thread replies (new, edited, deleted), reactions and App Home, where event.user_team and the outer team_id name B',
    async () => {
      await installAll(s);
      const seeded = await seedB(s);
      const shared = await shareQuestion(home(a), 1);
      const answerOfA = { ts: nextTs(), author: a.user };
      await event(
        eventBody(
          threadReply(home(a), shared.ts, 'A: I rewrote the flaky suite and CI went green.', answerOfA.ts),
          home(a),
          a.bot,
        ),
      );
      const before = snapshot();
      const m = mark();

      // The guest's reply in A's thread is an answer in A.
      const reply = { ts: nextTs(), author: b.user };
      await event(
        eventBody(
          threadReply(guest, shared.ts, 'I led the guest migration and we shipped it.', reply.ts),
          guest,
          a.bot,
        ),
      );
      expect(rowsOf('thread_answers', a.team, 'user_id, text').filter((r) => r.user_id === b.user)).toEqual([
        { user_id: b.user, text: 'I led the guest migration and we shipped it.' },
      ]);
      // Edited, then deleted.
      await event(
        eventBody(
          {
            type: 'message',
            subtype: 'message_changed',
            hidden: true,
            channel: a.channel,
            ts: nextTs(),
            message: {
              ...threadReply(
                guest,
                shared.ts,
                'I led the guest migration and we shipped it, edited.',
                reply.ts,
              ),
              edited: { user: b.user },
            },
            previous_message: threadReply(
              guest,
              shared.ts,
              'I led the guest migration and we shipped it.',
              reply.ts,
            ),
            event_ts: nextTs(),
          },
          guest,
          a.bot,
        ),
      );
      expect(rowsOf('thread_answers', a.team, 'text').map((r) => r.text)).toContain(
        'I led the guest migration and we shipped it, edited.',
      );

      // The guest's reactions on A's answer score it in A.
      await event(eventBody(reactionEvent(guest, 'reaction_added', answerOfA), guest, a.bot));
      expect(rowsOf('reaction_points', a.team, 'reactor_id, author_id, points')).toEqual([
        { reactor_id: b.user, author_id: a.user, points: 1 },
      ]);
      await event(eventBody(reactionEvent(guest, 'reaction_removed', answerOfA), guest, a.bot));
      expect(rowsOf('reaction_events', a.team, 'reactor_id').length).toBe(2);

      await event(
        eventBody(
          {
            type: 'message',
            subtype: 'message_deleted',
            hidden: true,
            channel: a.channel,
            ts: nextTs(),
            deleted_ts: reply.ts,
            previous_message: threadReply(
              guest,
              shared.ts,
              'I led the guest migration and we shipped it, edited.',
              reply.ts,
            ),
            event_ts: nextTs(),
          },
          guest,
          a.bot,
        ),
      );
      expect(rowsOf('thread_answers', a.team, 'user_id').map((r) => r.user_id)).toEqual([a.user]);

      // A reply in B's thread, authorized for A: B's question is not A's, nothing is recorded.
      await event(
        eventBody(
          threadReply(
            { ...guest, channel: b.channel },
            seeded.sharedTs,
            'Stray: I paged the owner and we rolled back.',
          ),
          guest,
          a.bot,
        ),
      );

      // App Home of the guest in A: published with A's token, with nothing of B.
      const published = e2e.standIn.callsOf('views.publish').length;
      await event(
        eventBody(
          { type: 'app_home_opened', user: b.user, channel: `D${b.user}`, tab: 'home', event_ts: nextTs() },
          guest,
          a.bot,
        ),
      );
      await e2e.standIn.waitFor('views.publish', published + 1);
      expect(e2e.standIn.callsOf('views.publish').at(-1)).toMatchObject({
        token: a.token,
        args: { user_id: b.user },
      });

      expectRowsWrittenOnlyFor(a.team, before);
      expectOnlyToken(m, a.token);
      expectNothingShown(m, seeded.secret, a.channel);
    },
    long,
  );

  if (s.bUninstallable)
    it(
      'after B is uninstalled, its users in A’s channels write no B rows, and B’s channels get no service',
      async () => {
        await installAll(s);
        await seedB(s);
        const shared = await shareQuestion(home(a), 1);
        const answerOfA = await postAnswer(home(a), 2, 'A: I rewrote the flaky suite and CI went green.');
        const reviewView = await opening((url) => shortcutBody(answerOfA, url, guest));

        const uninstalled = b.enterprise
          ? eventBody({ type: 'app_uninstalled', event_ts: nextTs() }, home(b), b.bot)
          : eventCallback({ type: 'app_uninstalled', event_ts: '1800000000.1' }, { teamId: b.team });
        await event(uninstalled);
        expect(logs()).toContain(`app_uninstalled: deleted workspace ${b.team}`);
        for (const table of teamTables()) expect(distinctTeams(table), table).not.toContain(b.team);
        const before = snapshot();
        const m = mark();

        // B's user in A's channel: a command, clicks, both modals, the shortcut, events.
        const card = await command('question 3', guest);
        await click(card, 'Show model answer', guest);
        const view = await openModal(card, 'Answer it', guest);
        await sent(
          submissionBody(view, { texts: starAnswer('after uninstall') }, guest, { teamField: 'user' }),
        );
        await cardAfter(view);
        await sent(submissionBody(reviewView, { ...rubric, texts: { comment: 'Late review.' } }, guest));
        await opening((url) => shortcutBody(answerOfA, url, guest));
        await event(
          eventBody(threadReply(guest, shared.ts, 'After uninstall: I split the monolith.'), guest, a.bot),
        );
        await event(eventBody(reactionEvent(guest, 'reaction_added', answerOfA), guest, a.bot));
        await e2e.app.idle();

        for (const table of [
          'practice_events',
          'answers',
          'rubric_reviews',
          'thread_answers',
          'reaction_events',
        ])
          expect(rowsOf(table, a.team).length, `${table} of ${a.team}`).toBeGreaterThan(0);
        for (const table of teamTables()) expect(distinctTeams(table), table).not.toContain(b.team);
        expectRowsWrittenOnlyFor(a.team, before);
        expectOnlyToken(m, a.token);

        // B's user in B's own channel: B is not installed any more.
        const calls = e2e.standIn.calls.length;
        const refused = await command('question 1', home(b));
        expect(visibleText(refused.blocks)).toContain('not installed in this workspace');
        await event(eventBody(threadReply(home(b), '1800000000.000100', 'hello'), home(b), b.bot));
        expect(e2e.standIn.calls.slice(calls)).toEqual([]);
        for (const table of teamTables()) expect(distinctTeams(table), table).not.toContain(b.team);
      },
      long,
    );

  it(
    'a payload naming a workspace that is not installed: as the user’s own workspace it is ignored; as the channel’s, there is no service and nothing is written',
    async () => {
      await installAll(s);
      const answerOfA = await postAnswer(home(a), 1, 'A: I rewrote the flaky suite and CI went green.');
      const shared = await shareQuestion(home(a), 2);
      const answerModal = await openModal(await command('question 3', home(a)), 'Answer it', home(a));

      // A user of a workspace this app does not know, in A's channel: served as A.
      const stranger = { ...visitor(a, b, 'UZZ1'), userTeam: 'TZZ' };
      let before = snapshot();
      let m = mark();
      const card = await command('question 1', stranger);
      await click(card, 'Show model answer', stranger);
      await event(
        eventBody(
          threadReply(stranger, shared.ts, 'Stranger: I led the migration to Postgres.'),
          stranger,
          a.bot,
        ),
      );
      expectRowsWrittenOnlyFor(a.team, before);
      expect(rowsOf('practice_events', a.team, 'user_id, kind').filter((r) => r.user_id === 'UZZ1')).toEqual([
        { user_id: 'UZZ1', kind: 'view' },
        { user_id: 'UZZ1', kind: 'reveal' },
        { user_id: 'UZZ1', kind: 'answer' },
      ]);
      expect(rowsOf('thread_answers', a.team, 'user_id').map((r) => r.user_id)).toContain('UZZ1');
      expectOnlyToken(m, a.token);

      // The request happens in a workspace (or org) with no installation: refused before any listener.
      for (const place of s.notInstalled) {
        before = snapshot();
        m = mark();
        const refused = await command('question 1', place);
        expect(visibleText(refused.blocks)).toContain('not installed in this workspace');
        const clicked = await click(card, 'Show model answer', place);
        expect(visibleText(clicked.blocks)).toContain('not installed in this workspace');
        const { id, url } = hook();
        await sent(shortcutBody(answerOfA, url, place));
        expect(visibleText((await firstPost(id)).blocks)).toContain('not installed in this workspace');
        await sent(submissionBody(answerModal, { texts: starAnswer('nowhere') }, place));
        await event(eventBody(threadReply(place, shared.ts, 'Nowhere: I wrote the runbook.'), place, a.bot));
        await event(eventBody(reactionEvent(place, 'reaction_added', answerOfA), place, a.bot));
        await e2e.app.idle();
        expect(snapshot(), JSON.stringify(place)).toEqual(before);
        expect(callsSince(m), JSON.stringify(place)).toEqual([]);
      }
      expect(logs()).toContain('request from a workspace without an installation');
    },
    long,
  );
});

describe('Enterprise Grid, org-wide install', () => {
  it('links only the workspace Bolt authorized to the org, never the user’s own', async () => {
    await install('ORG');
    const guest = visitor(T2A, T2B);
    await command('question 1', guest);
    await click(await command('question 2', guest), 'Show model answer', guest);
    await e2e.app.idle();
    expect(query('SELECT team_id, install_key FROM installation_teams')).toEqual([
      { team_id: 'T2A', install_key: 'E:E2' },
    ]);
    expect(distinctTeams('practice_events')).toEqual(['T2A']);
  });
});

/** The blocks of the message `ts` that Slack took in `channel`. */
function messageBlocks(channel: string, ts: string): unknown[] {
  const found = e2e.standIn.messagesIn(channel).find((message) => message.ts === ts);
  if (!found) throw new Error(`no message ${ts} in ${channel}`);
  return found.blocks as unknown[];
}
