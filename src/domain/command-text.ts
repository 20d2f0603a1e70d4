import { z } from 'zod';
import { isTimeZone, type Weekday } from './calendar.js';
import { weekdayNames, weekdays } from './schedule.js';
import { unescapeSlack } from './slack-text.js';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const at = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(at) && new Date(at).toISOString().startsWith(value);
  }, 'not a calendar date');

/** The `/star` subcommands that work today. Help lists exactly these. */
export const starCommandSchema = z.discriminatedUnion('name', [
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
  z.object({
    name: z.literal('remind'),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .nullable(),
  }),
  z.object({ name: z.literal('export') }),
  z.object({ name: z.literal('coach'), enabled: z.boolean() }),
  z.object({ name: z.literal('forget-me') }),
  z.object({
    name: z.literal('subscribe'),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .optional(),
    timeZone: z.string().refine(isTimeZone).optional(),
    days: z
      .array(z.literal([1, 2, 3, 4, 5, 6, 7]))
      .min(1)
      .optional(),
  }),
  z.object({ name: z.literal('unsubscribe') }),
  z.object({ name: z.literal('pause'), until: date.optional() }),
  z.object({ name: z.literal('resume') }),
  z.object({ name: z.literal('skip'), date }),
  z.object({ name: z.literal('schedule') }),
]);

export type StarCommand = z.infer<typeof starCommandSchema>;
export type ParsedCommand = { ok: true; command: StarCommand } | { ok: false; reason: string };

const aliases: Record<string, StarCommand['name']> = {
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
  export: 'export',
  'forget-me': 'forget-me',
  forgetme: 'forget-me',
};

const fail = (reason: string): ParsedCommand => ({ ok: false, reason });

const dayWords: Record<string, Weekday[]> = {
  weekdays: [...weekdays],
  daily: [1, 2, 3, 4, 5, 6, 7],
  everyday: [1, 2, 3, 4, 5, 6, 7],
  weekends: [6, 7],
};

function parseDays(word: string): Weekday[] | undefined {
  const named = Object.hasOwn(dayWords, word) ? dayWords[word] : undefined;
  if (named) return named;
  const days = word
    .split(',')
    .map((part) => weekdayNames.indexOf(part.slice(0, 3) as (typeof weekdayNames)[number]) + 1);
  if (days.some((d) => d < 1) || word.split(',').some((part) => !/^[a-z]{3,9}$/.test(part))) return undefined;
  return [...new Set(days)].sort() as Weekday[];
}

const subscribeExample = 'For example: `/star subscribe 09:30 Europe/Berlin mon,wed,fri`';

function parseSubscribe(args: string[]): ParsedCommand {
  const found: { time?: string; timeZone?: string; days?: Weekday[] } = {};
  for (const arg of args) {
    const lower = arg.toLowerCase();
    const time = /^(\d{1,2})[:.h](\d{2})$/.exec(lower);
    if (time) {
      const hour = Number(time[1]);
      const minute = Number(time[2]);
      if (hour > 23 || minute > 59)
        return fail(`"${arg}" is not a time of day (00:00 to 23:59). ${subscribeExample}`);
      found.time = `${String(hour).padStart(2, '0')}:${time[2]}`;
    } else if (arg.includes('/') || lower === 'utc') {
      const zone = lower === 'utc' ? 'UTC' : arg;
      if (!isTimeZone(zone))
        return fail(`"${arg}" is not a time zone I know (use Area/City). ${subscribeExample}`);
      found.timeZone = zone;
    } else {
      const days = parseDays(lower);
      if (!days) {
        return fail(
          `"${arg}" is not a time, a time zone or days (weekdays, daily, or mon,wed,fri). ${subscribeExample}`,
        );
      }
      found.days = days;
    }
  }
  return { ok: true, command: { name: 'subscribe', ...found } };
}

/** Parses the text after `/star`. Never throws: anything it cannot read comes back with a reason. */
export function parseCommandText(raw: string): ParsedCommand {
  const text = unescapeSlack(String(raw ?? ''))
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
  const [word = '', ...rest] = text.split(' ');
  const key = word.toLowerCase();
  const name = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
  if (name === undefined) return fail(`I don't know "/star ${text.slice(0, 80)}".`);
  const args = rest.join(' ');
  switch (name) {
    case 'question': {
      const parsed = starCommandSchema.safeParse({ name, filter: args || undefined });
      return parsed.success
        ? { ok: true, command: parsed.data }
        : fail('That filter is too long (at most 200 characters).');
    }
    case 'subscribe':
      return parseSubscribe(rest);
    case 'pause': {
      if (args === '') return { ok: true, command: { name } };
      const until = /^until (\S+)$/i.exec(args)?.[1];
      const parsed = date.safeParse(until);
      return parsed.success
        ? { ok: true, command: { name, until: parsed.data } }
        : fail('Pause takes nothing, or a date to resume on: `/star pause until 2026-12-01`');
    }
    case 'coach': {
      const value = args.toLowerCase();
      if (value !== 'on' && value !== 'off')
        return fail('Coaching in this channel: `/star coach on` or `/star coach off`');
      return { ok: true, command: { name, enabled: value === 'on' } };
    }
    case 'remind': {
      if (args.toLowerCase() === 'off') return { ok: true, command: { name, time: null } };
      const time = /^(\d{1,2})[:.h](\d{2})$/.exec(args);
      const hour = Number(time?.[1]);
      if (!time || hour > 23 || Number(time[2]) > 59) {
        return fail('Remind takes a time of day or `off`: `/star remind 08:30`, `/star remind off`');
      }
      return { ok: true, command: { name, time: `${String(hour).padStart(2, '0')}:${time[2]}` } };
    }
    case 'leaderboard': {
      const period = (args || 'week').toLowerCase();
      if (period !== 'week' && period !== 'month' && period !== 'all') {
        return fail('The leaderboard is for `week`, `month` or `all`: `/star leaderboard month`');
      }
      return { ok: true, command: { name, period } };
    }
    case 'stats': {
      if (args === '') return { ok: true, command: { name } };
      const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(args);
      return mention?.[1]
        ? { ok: true, command: { name, userId: mention[1] } }
        : fail('Stats take nothing, or one person: `/star stats @teammate`');
    }
    case 'skip': {
      const parsed = date.safeParse(args);
      return parsed.success
        ? { ok: true, command: { name, date: parsed.data } }
        : fail('Skip takes one date: `/star skip 2026-12-24`');
    }
    default:
      if (args !== '') return fail(`"/star ${name}" takes nothing after it.`);
      return { ok: true, command: { name } };
  }
}
