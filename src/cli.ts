import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseDeliverySettings, parseSlackSettings, parseStorageSettings, SettingsError } from './config.js';
import { analyseAnswer, type CoachReport, spoken } from './domain/coach.js';
import type { CorpusItem } from './domain/coach-eval.js';
import type { CoachModel } from './domain/coach-model.js';
import { formatDeckError, type Library } from './domain/deck.js';
import { starParts } from './domain/star.js';
import {
  backupDatabase,
  type PassReport,
  runDailyOnce,
  runTerminalPractice,
  StartupError,
  startApp,
} from './main.js';
import { redact } from './slack/logger.js';
import { loadDecks } from './storage/deck-files.js';
import { exitQuietlyOnBrokenPipe } from './terminal/broken-pipe.js';

/** `star` — the command line: serve, stories check, backup, practice, coach, daily and help (see `usage`). */

const usage = `Usage: star <command>

  serve                       run the Slack app (what \`npm start\` does)
  stories check [dir]         check the story decks in dir (default: STAR_STORIES or ./stories)
  backup FILE                 an online backup of the database into FILE (safe while the app runs)
  practice [--user NAME] [--filter TEXT]
                              practise in the terminal: Enter shows the model answer, 1–4 rates,
                              f a follow-up, c coaches your answer, q quits; works with piped input
  coach [FILE|-]              STAR coach feedback on an answer in a file or on stdin
                              (label the parts "Situation:", "Task:", … or just write)
  coach --eval [--mistakes] [DIR...]
                              score the coach against labelled replies in each DIR (default:
                              test/fixtures/coach/corpus and …/holdout): precision and recall per
                              check, answer accuracy; --mistakes lists every wrong call
  coach --eval --cv [--mistakes] [DIR]
                              5-fold cross-validation of the coach's trained model on DIR (default:
                              the corpus): each reply judged by a model trained without it
  coach --train [--out FILE] [DIR]
                              train the coach's model on DIR (default: the corpus; never the
                              holdout) and write it to FILE (default: src/domain/coach-weights.json)
  daily [--at ISO] [--dry-run]
                              one daily pass (questions of the day, recaps, reminder DMs) as if
                              at that instant (default: now), on the same database; safe while
                              the app runs
  help                        this text

Settings come from the environment or a .env file in the current folder (see README.md).`;

type Io = { out: (text: string) => void; err: (text: string) => void };
const stdio: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function librarySummary(library: Library): string {
  const followUps = (questions: Library['questions']) =>
    questions.reduce((n, q) => n + q.followUps.length, 0);
  const lines = library.decks.map(
    (deck) =>
      `${deck.file}: ${deck.questions.length} questions, ${new Set(deck.questions.map((q) => q.category)).size} categories, ${followUps(deck.questions)} follow-ups, ${deck.tips.reduce((n, t) => n + t.items.length, 0)} tips`,
  );
  lines.push(
    `OK: ${library.questions.length} questions in ${library.categories.length} categories, ${followUps(library.questions)} follow-ups, from ${library.decks.length} deck(s)`,
  );
  for (const category of library.categories) lines.push(`  ${category.name}: ${category.questionIds.length}`);
  return lines.join('\n');
}

export function storiesCheck(dir: string, io: Io = stdio): number {
  const result = loadDecks(dir);
  if (!result.ok) {
    for (const error of result.errors) io.err(formatDeckError(error));
    io.err(`${result.errors.length} error(s): the decks in ${dir} would not load.`);
    return 1;
  }
  io.out(librarySummary(result.library));
  return 0;
}

/**
 * Something no handler expected (a bug, or a library throwing outside any request): the process
 * may be in a state nobody planned for, so it is logged (tokens redacted) and stopped cleanly (work
 * in flight finishes, the database closes), and exits 1 for its supervisor to restart it
 * (README: a systemd unit with Restart=on-failure). Requests that are merely bad never get here:
 * they are answered 4xx. Whatever happens, it exits within 10 s.
 */
export function guardProcess(
  target: Pick<NodeJS.EventEmitter, 'on'>,
  options: { stop: () => Promise<void>; io: Io; exit: (code: number) => void },
): void {
  let failed = false;
  const crash = (kind: string) => (error: unknown) => {
    options.io.err(
      `${kind}: ${redact(error instanceof Error ? (error.stack ?? error.message) : String(error))}`,
    );
    if (failed) return;
    failed = true;
    setTimeout(() => options.exit(1), 10_000).unref();
    options.stop().finally(() => options.exit(1));
  };
  target.on('uncaughtException', crash('uncaught exception'));
  target.on('unhandledRejection', crash('unhandled rejection'));
}

async function serve(io: Io): Promise<number> {
  const starting = startApp(parseSlackSettings(process.env));
  // Set before the app is up: a signal while it starts (or just after it logs "up") stops it once it
  // has started, cleanly, rather than killing it mid-way.
  const shutdown = (signal: string) => {
    io.err(`${signal}: stopping…`);
    // Whatever happens, the process is gone within 10 seconds.
    setTimeout(() => {
      io.err('could not stop within 10 s: exiting without waiting any longer');
      process.exit(1);
    }, 10_000).unref();
    starting.then(
      (running) =>
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            io.err(`could not stop cleanly: ${(error as Error).message}`);
            process.exit(1);
          },
        ),
      () => {}, // it did not start: `star serve` says why and exits 1 (below)
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const running = await starting;
  guardProcess(process, { stop: () => running.stop(), io, exit: (code) => process.exit(code) });
  // The bot token is checked just after listening: refused (or, at a first start, Slack out of
  // reach), the app stopped (and logged why).
  void running.halted.then(() => process.exit(1));
  return new Promise<number>(() => {}); // runs until a signal
}

/** `--at`'s value (built when `star daily` runs: `star serve` has no use for it). */
const instant = () => z.iso.datetime({ offset: true, local: false }).or(z.iso.date());

export function formatPassReport(report: PassReport, at: number, dryRun: boolean): string {
  const where = (r: { teamId: string; channelId: string }) => `${r.teamId}/${r.channelId}`;
  const lines = [
    `Daily pass as of ${new Date(at).toISOString()}${dryRun ? ' (dry run: nothing written or sent)' : ''}`,
  ];
  if (dryRun)
    for (const p of report.planned) lines.push(`would post ${where(p)} ${p.localDate} ${p.questionId}`);
  for (const p of report.posted)
    lines.push(`posted     ${where(p)} ${p.localDate} ${p.questionId} ts=${p.ts}`);
  for (const f of report.failed)
    lines.push(`failed     ${where(f)} ${f.localDate} ${f.error}${f.paused ? ' (channel paused)' : ''}`);
  for (const w of report.waiting) {
    lines.push(
      `waiting    ${where(w)} ${w.localDate} retry at ${new Date(w.nextAttemptAt).toISOString()}${w.error ? ` (${w.error})` : ''}`,
    );
  }
  for (const s of report.skipped) lines.push(`skipped    ${where(s)} ${s.reason}`);
  lines.push(
    `${dryRun ? report.planned.length : report.posted.length} ${dryRun ? 'to post' : 'posted'}, ${report.failed.length} failed, ${report.waiting.length} waiting, ${report.skipped.length} skipped`,
  );
  return lines.join('\n');
}

async function daily(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { at: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  if (positionals.length > 0) {
    io.err(`star daily takes no arguments besides --at and --dry-run\n\n${usage}`);
    return 2;
  }
  const parsedAt = values.at === undefined ? undefined : instant().safeParse(values.at);
  if (parsedAt && !parsedAt.success) {
    io.err(`--at must be an ISO-8601 instant such as 2026-11-24T08:00:00Z (got "${values.at}")`);
    return 2;
  }
  const at = parsedAt?.success ? Date.parse(parsedAt.data) : Date.now();
  const dryRun = values['dry-run'] ?? false;
  const report = await runDailyOnce(parseDeliverySettings(process.env), at, { dryRun });
  io.out(formatPassReport(report, at, dryRun));
  return 0;
}

/** Plain-text coach feedback, for the terminal. */
export function formatCoachReport(report: CoachReport): string {
  if (report.kind === 'comment') {
    return 'This reads as a comment, not an answer: tell one real story (where you were, what you had to do, what you did, what changed).';
  }
  if (report.verdict === 'filler') return report.findings.map((f) => f.message).join('\n');
  const verdict = {
    strong: 'Strong STAR answer.',
    ok: 'Good answer, a few things to sharpen.',
    weak: 'Worth another pass.',
  }[report.verdict];
  const lines = [
    `${verdict} About ${spoken(report.seconds)} to say (${report.totalWords} words; an interview answer takes 2–3 minutes).`,
    `Words: ${starParts.map((p) => `${p} ${report.words[p]}`).join(', ')}.`,
    ...(report.principalSignals.length > 0
      ? [`Principal signals: ${report.principalSignals.join(', ')}.`]
      : []),
    ...report.findings.map((f) => `- ${f.message}`),
  ];
  return lines.join('\n');
}

/** The labelled corpora `star coach --eval` scores when given no directory. */
const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const defaultCorpusDirs = ['test/fixtures/coach/corpus', 'test/fixtures/coach/holdout'].map((dir) =>
  join(packageRoot, dir),
);

/** The shipped weights of the coach's model, written by `star coach --train`. */
const shippedWeightsFile = join(packageRoot, 'src/domain/coach-weights.json');

/** The one corpus `--cv` and `--train` use: DIR, or the development corpus (never the holdout). */
async function trainingCorpus(dirs: string[], io: Io): Promise<CorpusItem[] | undefined> {
  if (dirs.length > 1) {
    io.err('--cv and --train take one DIR (default: test/fixtures/coach/corpus)');
    return undefined;
  }
  const { loadCoachCorpus } = await import('./storage/coach-corpus-files.js');
  const load = loadCoachCorpus(dirs[0] ?? (defaultCorpusDirs[0] as string));
  if (load.ok) return load.items;
  for (const error of load.errors) io.err(error);
  io.err(`${load.errors.length} error(s): the labelled replies would not load.`);
  return undefined;
}

/** `star coach --eval --cv [DIR]`: the trained model, k-fold cross-validated on the corpus. */
async function coachCrossValidation(dirs: string[], mistakes: boolean, io: Io): Promise<number> {
  const items = await trainingCorpus(dirs, io);
  if (!items) return 2;
  const [{ crossValidationModels }, { evaluateCoach }, { formatCoachEval }] = await Promise.all([
    import('./domain/coach-train.js'),
    import('./domain/coach-eval.js'),
    import('./coach-eval-report.js'),
  ]);
  const folds = 5;
  const judged = new Map(crossValidationModels(items, folds).map(({ item, model }) => [item, model]));
  const report = evaluateCoach(
    items,
    () => performance.now(),
    (item) => judged.get(item) as CoachModel,
  );
  const shown = dirs[0] ?? relative(process.cwd(), defaultCorpusDirs[0] as string);
  io.out(
    `${folds}-fold cross-validation (each reply judged by a model trained on the other folds):\n${formatCoachEval(shown, report, { mistakes })}`,
  );
  return 0;
}

/** `star coach --train [--out FILE] [DIR]`: writes the model trained on the corpus (same corpus, same bytes). */
async function coachTrain(dirs: string[], out: string | undefined, io: Io): Promise<number> {
  const items = await trainingCorpus(dirs, io);
  if (!items) return 2;
  const { modelJson, trainCoachModel } = await import('./domain/coach-train.js');
  const file = out ?? shippedWeightsFile;
  const json = modelJson(trainCoachModel(items));
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, json);
  io.out(
    `trained on ${items.length} labelled replies; ${relative(process.cwd(), file)} ${before === json ? 'unchanged' : 'written'}`,
  );
  return 0;
}

/** `star coach --eval [DIR...]`: 0 when every directory was scored (below the goals or not), 2 if one would not load. */
async function coachEval(dirs: string[], mistakes: boolean, io: Io): Promise<number> {
  // Imported here, not at the top: its YAML parser, the scoring and its schemas are not worth
  // loading for `star serve` (in the bundle, a module imported only this way runs when first imported).
  const [{ loadCoachCorpus }, { evaluateCoach }, { formatCoachEval }] = await Promise.all([
    import('./storage/coach-corpus-files.js'),
    import('./domain/coach-eval.js'),
    import('./coach-eval-report.js'),
  ]);
  const chosen =
    dirs.length > 0
      ? dirs.map((dir) => ({ dir, shown: dir }))
      : defaultCorpusDirs
          .filter((dir) => existsSync(dir))
          .map((dir) => ({ dir, shown: relative(process.cwd(), dir) || '.' }));
  if (chosen.length === 0) {
    io.err(`no labelled corpus: none of ${defaultCorpusDirs.join(', ')} exists; name a DIR`);
    return 2;
  }
  const loaded: Array<{ shown: string; items: CorpusItem[] }> = [];
  const errors: string[] = [];
  for (const { dir, shown } of chosen) {
    const load = loadCoachCorpus(dir);
    if (load.ok) loaded.push({ shown, items: load.items });
    else errors.push(...load.errors);
  }
  if (errors.length > 0) {
    for (const error of errors) io.err(error);
    io.err(`${errors.length} error(s): the labelled replies would not load; nothing was scored.`);
    return 2;
  }
  const clock = () => performance.now();
  const tables = loaded.map(({ shown, items }) =>
    formatCoachEval(shown, evaluateCoach(items, clock), { mistakes }),
  );
  io.out(tables.join('\n\n'));
  return 0;
}

async function coach(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      eval: { type: 'boolean', default: false },
      mistakes: { type: 'boolean', default: false },
      cv: { type: 'boolean', default: false },
      train: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (values.train) {
    if (values.eval || values.cv || values.mistakes) {
      io.err('--train goes alone: star coach --train [--out FILE] [DIR]');
      return 2;
    }
    return coachTrain(positionals, values.out, io);
  }
  if (values.out !== undefined) {
    io.err('--out goes with --train: star coach --train [--out FILE] [DIR]');
    return 2;
  }
  if (values.eval && values.cv) return coachCrossValidation(positionals, values.mistakes ?? false, io);
  if (values.eval) return coachEval(positionals, values.mistakes ?? false, io);
  if (values.mistakes) {
    io.err('--mistakes goes with --eval: star coach --eval --mistakes [DIR...]');
    return 2;
  }
  if (values.cv) {
    io.err('--cv goes with --eval: star coach --eval --cv [--mistakes] [DIR]');
    return 2;
  }
  if (positionals.length > 1) {
    io.err('star coach takes one file, or - (or nothing) for stdin');
    return 2;
  }
  const file = positionals[0] ?? '-';
  exitQuietlyOnBrokenPipe(process.stdout);
  let text: string;
  try {
    text = file === '-' ? await readAll(process.stdin) : readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  if (text.trim() === '') {
    io.err('nothing to coach: write the answer in the file or on stdin');
    return 2;
  }
  io.out(formatCoachReport(analyseAnswer({ text })));
  return 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function practice(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { user: { type: 'string' }, filter: { type: 'string' } },
  });
  const user = (values.user ?? process.env.USER ?? userInfo().username ?? 'me').trim() || 'me';
  exitQuietlyOnBrokenPipe(process.stdout);
  // Imported here, not at the top: readline and the terminal's modules are not needed by `star serve`.
  const [{ openLineReader }, { terminalScreen }] = await Promise.all([
    import('./terminal/line-reader.js'),
    import('./terminal/screen.js'),
  ]);
  const { stdin, stdout } = process;
  const reader = openLineReader(stdin, stdout, { terminal: Boolean(stdin.isTTY && stdout.isTTY) });
  let failed = false;
  try {
    await runTerminalPractice(parseStorageSettings(process.env), {
      user,
      filter: values.filter,
      io: {
        read: reader.read,
        pending: reader.pending,
        write: (text) => stdout.write(text),
        error: (line) => {
          failed = true;
          io.err(line);
        },
        screen: () => terminalScreen(stdin, stdout),
        coach: (text) => formatCoachReport(analyseAnswer({ text }, { where: 'practice' })),
      },
    });
  } finally {
    reader.close();
  }
  return failed ? 1 : 0;
}

export async function run(argv: readonly string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return run(['help', ...rest], io);
  if (command === 'daily') return daily(rest, io);
  if (command === 'practice') return practice(rest, io);
  if (command === 'coach') return coach(rest, io);
  if (command === 'backup') {
    if (rest.length !== 1 || !rest[0]) {
      io.err('usage: star backup FILE');
      return 2;
    }
    const { pages } = await backupDatabase(parseStorageSettings(process.env), rest[0]);
    io.out(`Backed up ${parseStorageSettings(process.env).dbPath} to ${rest[0]} (${pages} pages).`);
    return 0;
  }
  const { positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: {} });
  switch (command) {
    case 'serve':
      return serve(io);
    case 'stories':
      if (positionals[1] === 'check' && positionals.length <= 3) {
        return storiesCheck(positionals[2] ?? process.env.STAR_STORIES ?? './stories', io);
      }
      break;
    case undefined:
    case 'help':
      io.out(usage);
      return 0;
  }
  io.err(usage);
  return 2;
}

export async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    process.exitCode = await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof SettingsError || error instanceof StartupError) {
      process.stderr.write(`${error.message}\n`);
    } else if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${error.message}\n\n${usage}\n`);
      process.exitCode = 2;
      return;
    } else {
      process.stderr.write(`STAR Partner stopped: ${(error as Error).stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
  }
}

// Run as a script: `npm run star` (tsx src/cli.ts). The build bundles this module into dist/star.cjs,
// which dist/cli.js starts (scripts/cli-launcher.cjs). Not awaited: a bundle has no top-level await.
const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(realpathSync(invokedPath)).href) void main();
