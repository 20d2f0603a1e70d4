import { z } from 'zod';
import { builtOnce } from './built-once.js';
import { isTimeZone, localDate, localDateSchema, type Weekday } from './calendar.js';
import { findHolidayCalendar, holidayCalendarCodeSchema, holidayCountryNamed } from './holidays.js';
import { pairsCadences } from './pairing.js';
import { weekdays } from './schedule.js';
import { readReminderTime } from './settings.js';
import { unescapeSlack } from './slack-text.js';
import {
  exampleDates,
  joinMeridiem,
  quote,
  type Reading,
  readDate,
  readTimeOfDay,
  readTimeZone,
  weekdayNamed,
} from './time-words.js';

/** The `/star` subcommands that work today. Help lists exactly these. Built on first use (built-once.ts). */
export const starCommandSchema = builtOnce(() => {
  const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
  return z.discriminatedUnion('name', [
    z.object({ name: z.literal('help') }),
    z.object({ name: z.literal('question'), filter: z.string().trim().min(1).max(200).optional() }),
    z.object({ name: z.literal('categories') }),
    z.object({ name: z.literal('tips') }),
    z.object({
      name: z.literal('stats'),
      userId: z
        .string()
        .regex(/^[UW][A-Z0-9]+$/)
        .optional(),
    }),
    z.object({ name: z.literal('leaderboard'), period: z.enum(['week', 'month', 'all']) }),
    /** `/star leaderboard workspace [week|month|all]`: the leaderboard across every channel of the workspace. */
    z.object({ name: z.literal('leaderboard-workspace'), period: z.enum(['week', 'month', 'all']) }),
    /** `/star leaderboard hide|show`: the caller on no leaderboard and in no recap, or back on them. */
    z.object({ name: z.literal('leaderboard-privacy'), hidden: z.boolean() }),
    z.object({ name: z.literal('remind'), time: time.nullable() }),
    z.object({ name: z.literal('export') }),
    z.object({ name: z.literal('coach'), enabled: z.boolean() }),
    z.object({ name: z.literal('forget-me') }),
    /** `/star story add`: the story form, for the caller's story bank. */
    z.object({ name: z.literal('story-add') }),
    /** `/star stories`: the caller's story bank and its matrix; `/star stories export`: as a deck file. */
    z.object({ name: z.literal('stories'), action: z.enum(['list', 'export']) }),
    z.object({
      name: z.literal('subscribe'),
      time: time.optional(),
      timeZone: z.string().refine(isTimeZone).optional(),
      days: z
        .array(z.literal([1, 2, 3, 4, 5, 6, 7]))
        .min(1)
        .optional(),
      /** Whose public holidays are skipped (`DE`, `DE-BY`); null: none (`holidays off`); absent: as it was. */
      holidays: holidayCalendarCodeSchema.nullable().optional(),
    }),
    z.object({ name: z.literal('unsubscribe') }),
    z.object({ name: z.literal('pause'), until: localDateSchema.optional() }),
    z.object({ name: z.literal('resume') }),
    z.object({ name: z.literal('skip'), date: localDateSchema }),
    z.object({ name: z.literal('schedule') }),
    /** `/star pairs [on [weekly|biweekly] [day] | off | join | leave]`: mock interviews in pairs. */
    z.object({
      name: z.literal('pairs'),
      action: z.enum(['status', 'on', 'off', 'join', 'leave']),
      cadence: z.enum(pairsCadences).optional(),
      weekday: z.literal([1, 2, 3, 4, 5, 6, 7]).optional(),
    }),
  ]);
});

export type StarCommand = z.infer<ReturnType<typeof starCommandSchema>>;

/**
 * A command, or why not: `reason` is one line that quotes what was typed, names the one thing wrong
 * and shows the right form (`/star pause 2026-02-30`: there is no 30 February 2026. Try
 * `/star pause 2026-12-07` or `/star pause next monday`.), never the whole help. Code is marked
 * with backticks; a backtick the user typed is shown as ', so it cannot open code.
 */
export type ParsedCommand = { ok: true; command: StarCommand } | { ok: false; reason: string };

/**
 * When the command is read: relative dates ("tomorrow") and the dates in examples are the caller's,
 * from `now` in their time zone.
 */
export type ReadingTime = { readonly now: number; readonly timeZone: string };

/** What each word after `/star` names (`leaderboard hide` is read from its `leaderboard`). */
const aliases: Record<
  string,
  Exclude<StarCommand['name'], 'leaderboard-privacy' | 'leaderboard-workspace'>
> = {
  '': 'help',
  help: 'help',
  '?': 'help',
  question: 'question',
  q: 'question',
  next: 'question',
  categories: 'categories',
  category: 'categories',
  tips: 'tips',
  stats: 'stats',
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  pause: 'pause',
  resume: 'resume',
  skip: 'skip',
  schedule: 'schedule',
  leaderboard: 'leaderboard',
  top: 'leaderboard',
  remind: 'remind',
  coach: 'coach',
  pairs: 'pairs',
  pair: 'pairs',
  export: 'export',
  'forget-me': 'forget-me',
  forgetme: 'forget-me',
  story: 'story-add',
  stories: 'stories',
};

/** The text after `/star`, as Slack's escaping and any run of spaces left it. */
const normalise = (raw: string) =>
  // A single word without an entity (`question`, `help`: most commands) reads as it is.
  typeof raw === 'string' && !/[&\s\u00a0]/.test(raw)
    ? raw
    : unescapeSlack(String(raw ?? ''))
        .replace(/[\s\u00a0]+/g, ' ')
        .trim();

const code = (text: string) => `\`${text}\``;

/** "`/star <typed>`: <problem>. Try `<example>` or `<example>`." */
function refuse(typed: string, problem: string, examples: readonly string[]): ParsedCommand {
  const shown = typed.replace(/`/g, "'");
  const echo = `/star ${shown.length > 80 ? `${shown.slice(0, 79)}…` : shown}`.trimEnd();
  const stop = /[.?!]$/.test(problem) ? '' : '.';
  const shownExamples = examples.map((example) => code(example.replace(/`/g, "'")));
  return { ok: false, reason: `${code(echo)}: ${problem}${stop} Try ${shownExamples.join(' or ')}.` };
}

/** Edit distance, for "did you mean": small words only, so the quadratic table stays tiny. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((row[j - 1] ?? 0) + 1, (previous[j] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The subcommand a mistyped word most likely meant ("subcsribe" → subscribe), if one is close. */
function closestName(word: string): string | undefined {
  if (word.length < 3 || word.length > 20) return undefined;
  const names = Object.keys(aliases).filter((name) => name.length > 2);
  const scored = names.map((name) => ({ name, d: distance(word, name) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  return best && best.d <= (word.length <= 4 ? 1 : 2) ? best.name : undefined;
}

/**
 * Whether reading `raw` needs the caller's today (a date in it, or in the example of its error):
 * `skip`, and `pause` with words after it.
 */
export function readsDates(raw: string): boolean {
  const [word = '', ...rest] = normalise(raw).split(' ');
  const name = Object.hasOwn(aliases, word.toLowerCase()) ? aliases[word.toLowerCase()] : undefined;
  return name === 'skip' || (name === 'pause' && rest.length > 0);
}

const dayWords: Record<string, Weekday[]> = {
  weekdays: [...weekdays],
  daily: [1, 2, 3, 4, 5, 6, 7],
  everyday: [1, 2, 3, 4, 5, 6, 7],
  weekends: [6, 7],
};

/** Posting days: weekdays, daily, weekends, or weekday names joined by commas (mon,wed,fri). */
function readDays(word: string): Weekday[] | undefined {
  const lower = word.toLowerCase();
  const named = Object.hasOwn(dayWords, lower) ? dayWords[lower] : undefined;
  if (named) return named;
  const days = lower.split(',').map(weekdayNamed);
  if (days.some((day) => day === undefined)) return undefined;
  return days as Weekday[];
}

/** The word that names a holiday calendar in `subscribe` (`holidays DE`); `holiday` is read too. */
const holidayWords = new Set(['holidays', 'holiday']);

/**
 * The holiday calendar after `holidays`: a country code or a country and region code, in any case
 * (`de`, `DE-BY`), or `off`; else the problem and the code that would work (`Germany` → `DE`).
 */
function readHolidays(word: string): { value: string | null } | { problem: string; fix: string } {
  if (word.toLowerCase() === 'off') return { value: null };
  const calendar = findHolidayCalendar(word);
  if (calendar) return { value: calendar.code };
  const [country, region] = word.toUpperCase().split('-');
  const ofCountry = region === undefined ? undefined : findHolidayCalendar(country ?? '');
  if (ofCountry && region)
    return {
      problem: `${ofCountry.name} has no region ${quote(region)} in the holiday calendar`,
      fix: ofCountry.code,
    };
  const named = holidayCountryNamed(word);
  if (named)
    return { problem: `${quote(word)} is a country name: its code is ${named.code}`, fix: named.code };
  // "UK" is what many write; ISO 3166 (and so the calendar) has the United Kingdom as GB.
  if (word.toUpperCase() === 'UK')
    return { problem: `${quote(word)} is not a country code: the United Kingdom is GB`, fix: 'GB' };
  return { problem: `${quote(word)} is not a country code the holiday calendar knows`, fix: 'DE' };
}

/**
 * `/star subscribe [time] [zone] [days] [holidays CC]`, in any order: `8am CET mon,wed,fri`. Days
 * may also come as separate words (`mon wed fri`); a holiday calendar follows the word `holidays`
 * (`holidays DE`, `holidays US-CA`, `holidays off`). A wrong word is shown corrected in the example,
 * the rest of the command kept as typed.
 */
function parseSubscribe(args: string, typed = `subscribe ${args}`): ParsedCommand {
  const words = joinMeridiem(args).split(' ').filter(Boolean);
  const found: { time?: string; timeZone?: string; days?: Weekday[]; holidays?: string | null } = {};
  /** Refuses, with the example made of the words typed, `count` of them from `index` replaced by `fix`. */
  const wrong = (index: number, problem: string, fix: string, count = 1) =>
    refuse(typed, problem, [
      [
        '/star subscribe',
        ...words.flatMap((word, i) => (i === index ? [fix] : i > index && i < index + count ? [] : [word])),
      ]
        .filter(Boolean)
        .join(' '),
    ]);
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if (holidayWords.has(word.toLowerCase())) {
      const next = words[index + 1];
      if (next === undefined)
        return wrong(index, 'whose public holidays? Give a country code', 'holidays DE');
      if (found.holidays !== undefined) return wrong(index, 'that is two holiday calendars: give one', '', 2);
      const holidays = readHolidays(next);
      if ('problem' in holidays) return wrong(index + 1, holidays.problem, holidays.fix);
      found.holidays = holidays.value;
      index++;
      continue;
    }
    const asTime = readTimeOfDay(word);
    if (asTime.kind === 'problem') return wrong(index, asTime.problem, '8:30am');
    if (asTime.kind === 'value') {
      if (found.time !== undefined) return wrong(index, 'that is two times: give one', '');
      found.time = asTime.value;
      continue;
    }
    const days = readDays(word);
    if (days) {
      found.days = [...new Set([...(found.days ?? []), ...days])].sort((a, b) => a - b);
      continue;
    }
    const zone = readTimeZone(word);
    if (zone.kind === 'problem') return wrong(index, zone.problem, 'Europe/Berlin');
    if (zone.kind === 'value') {
      if (found.timeZone !== undefined) return wrong(index, 'that is two time zones: give one', '');
      found.timeZone = zone.value;
      continue;
    }
    return wrong(index, `${quote(word)} is not a time, a time zone or days`, 'mon,wed,fri');
  }
  return { ok: true, command: { name: 'subscribe', ...found } };
}

/** `/star pause [[until] date]`: the date it resumes on. */
function parsePause(args: string, today: string): ParsedCommand {
  if (args === '') return { ok: true, command: { name: 'pause' } };
  const examples = [`/star pause ${exampleDates(today).nextMonday}`, '/star pause next monday'];
  const words = args.replace(/^until\b\s*/i, '');
  if (words === '') return refuse(`pause ${args}`, 'until when?', examples);
  const until = dateOrProblem(readDate(words, today), words);
  return until.ok
    ? { ok: true, command: { name: 'pause', until: until.date } }
    : refuse(`pause ${args}`, until.problem, examples);
}

/** `/star skip date`. */
function parseSkip(args: string, today: string): ParsedCommand {
  const examples = [`/star skip ${exampleDates(today).tomorrow}`, '/star skip tomorrow'];
  if (args === '') return refuse('skip', 'which day?', examples);
  const date = dateOrProblem(readDate(args, today), args);
  return date.ok
    ? { ok: true, command: { name: 'skip', date: date.date } }
    : refuse(`skip ${args}`, date.problem, examples);
}

function dateOrProblem(
  reading: Reading<string>,
  words: string,
): { ok: true; date: string } | { ok: false; problem: string } {
  if (reading.kind === 'value') return { ok: true, date: reading.value };
  return {
    ok: false,
    problem: reading.kind === 'problem' ? reading.problem : `${quote(words)} is not a date`,
  };
}

/** `/star remind time` or `/star remind off`; the time is in the user's Slack time zone. */
function parseRemind(args: string): ParsedCommand {
  const examples = ['/star remind 8:30am', '/star remind off'];
  const read = readReminderTime(args, { emptyIsOff: false });
  if (read.ok) return { ok: true, command: { name: 'remind', time: read.time } };
  return refuse(args === '' ? 'remind' : `remind ${args}`, read.problem, examples);
}

/** `pairs`, `pairs on [weekly|biweekly|every 2 weeks] [day]`, `pairs off`, `pairs join`, `pairs leave`. */
function parsePairs(text: string, args: string): ParsedCommand {
  const [action = '', ...rest] = args.toLowerCase().split(' ').filter(Boolean);
  if (action === '' || action === 'status') return { ok: true, command: { name: 'pairs', action: 'status' } };
  if (action === 'off' || action === 'join' || action === 'leave') {
    if (rest.length > 0)
      return refuse(text, `pairs ${action} takes nothing after it`, [`/star pairs ${action}`]);
    return { ok: true, command: { name: 'pairs', action } };
  }
  if (action !== 'on')
    return refuse(text, `${quote(action)} is not on, off, join or leave`, [
      '/star pairs on',
      '/star pairs join',
    ]);
  let cadence: 'weekly' | 'biweekly' | undefined;
  let weekday: Weekday | undefined;
  const words = rest
    .join(' ')
    .replace(/\bevery (2|two) weeks\b/, 'biweekly')
    .replace(/\bevery week\b/, 'weekly');
  for (const word of words.split(' ').filter(Boolean)) {
    if (word === 'weekly' || word === 'biweekly' || word === 'fortnightly') {
      cadence = word === 'weekly' ? 'weekly' : 'biweekly';
      continue;
    }
    const day = weekdayNamed(word.replace(/s$/, ''));
    if (day !== undefined && weekday === undefined) {
      weekday = day;
      continue;
    }
    return refuse(text, `${quote(word)} is not weekly, biweekly or a day`, [
      '/star pairs on weekly monday',
      '/star pairs on biweekly thursday',
    ]);
  }
  return {
    ok: true,
    command: {
      name: 'pairs',
      action: 'on',
      ...(cadence ? { cadence } : {}),
      ...(weekday !== undefined ? { weekday } : {}),
    },
  };
}

/**
 * Parses the text after `/star`. Never throws: anything it cannot read comes back with a reason
 * (`ParsedCommand`). Dates and times are read as `time-words.ts` says, "today" being `at.now` in
 * `at.timeZone`.
 */
export function parseCommandText(raw: string, at: ReadingTime): ParsedCommand {
  const text = normalise(raw);
  const [word = '', ...rest] = text.split(' ');
  const key = word.toLowerCase();
  const name = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
  const args = rest.join(' ');
  if (name === undefined) {
    const meant = closestName(key);
    return refuse(
      text,
      `there is no ${quote(word)} command`,
      meant ? [`/star ${meant}${args ? ` ${args}` : ''}`] : ['/star help'],
    );
  }
  const today = () => localDate(at.now, at.timeZone);
  switch (name) {
    case 'question': {
      // `/star question` alone (most of them): nothing to read, so no schema to run.
      if (args === '') return { ok: true, command: { name } };
      const parsed = starCommandSchema().safeParse({ name, filter: args || undefined });
      return parsed.success
        ? { ok: true, command: parsed.data }
        : refuse(text, 'the filter is longer than 200 characters', ['/star question conflict']);
    }
    case 'subscribe':
      return parseSubscribe(args);
    case 'schedule': {
      if (args === '') return { ok: true, command: { name } };
      // Settings after `schedule` are meant as a change: that is `subscribe`, shown with them.
      const change = parseSubscribe(args, text);
      if (!change.ok) return change;
      return refuse(text, 'schedule only shows the settings; subscribe changes them', [
        `/star subscribe ${args}`,
      ]);
    }
    case 'pause':
      return parsePause(args, today());
    case 'skip':
      return parseSkip(args, today());
    case 'remind':
      return parseRemind(args);
    case 'coach': {
      const value = args.toLowerCase();
      if (value === 'on' || value === 'off') return { ok: true, command: { name, enabled: value === 'on' } };
      const problem = args === '' ? 'on or off?' : `coaching is on or off, not ${quote(args)}`;
      return refuse(text, problem, ['/star coach off', '/star coach on']);
    }
    case 'leaderboard': {
      const period = (args || 'week').toLowerCase();
      if (period === 'week' || period === 'month' || period === 'all')
        return { ok: true, command: { name, period } };
      if (period === 'hide' || period === 'show')
        return { ok: true, command: { name: 'leaderboard-privacy', hidden: period === 'hide' } };
      const [scope, over = 'week', ...more] = period.split(' ');
      if (
        scope === 'workspace' &&
        more.length === 0 &&
        (over === 'week' || over === 'month' || over === 'all')
      )
        return { ok: true, command: { name: 'leaderboard-workspace', period: over } };
      if (scope === 'workspace')
        return refuse(text, `${quote(args.slice('workspace'.length).trim())} is not week, month or all`, [
          '/star leaderboard workspace month',
        ]);
      return refuse(text, `${quote(args)} is not week, month, all, workspace, hide or show`, [
        '/star leaderboard month',
        '/star leaderboard workspace',
      ]);
    }
    case 'pairs':
      return parsePairs(text, args);
    case 'story-add': {
      const verb = args.toLowerCase();
      if (verb === 'add' || verb === 'new') return { ok: true, command: { name } };
      return refuse(
        text,
        args === ''
          ? 'add a story with `story add`'
          : `a story is added with \`story add\`, not ${quote(args)}`,
        ['/star story add', '/star stories'],
      );
    }
    case 'stories': {
      const verb = args.toLowerCase();
      if (verb === '' || verb === 'list') return { ok: true, command: { name, action: 'list' } };
      if (verb === 'export') return { ok: true, command: { name, action: 'export' } };
      if (verb === 'import')
        return refuse(text, 'to import stories, send me your deck file (.md) in a direct message', [
          '/star stories export',
        ]);
      return refuse(text, `${quote(args)} is not something stories does`, [
        '/star stories',
        '/star stories export',
      ]);
    }
    case 'stats': {
      if (args === '') return { ok: true, command: { name } };
      const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(args);
      return mention?.[1]
        ? { ok: true, command: { name, userId: mention[1] } }
        : refuse(text, `${quote(args)} is not a person: mention one`, ['/star stats @teammate']);
    }
    default:
      if (args !== '') return refuse(text, `${name} takes nothing after it`, [`/star ${name}`]);
      return { ok: true, command: { name } };
  }
}
