/** Child of the benchmark: start the app on a deck folder, report time and memory as JSON. */
import { parseSlackSettings } from '../../src/config.js';
import { startApp } from '../../src/main.js';
import { createLogger } from '../../src/slack/logger.js';

const [decks, db, apiUrl] = process.argv.slice(2);
const started = performance.now();
const app = await startApp(
  parseSlackSettings({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_API_URL: apiUrl,
    PORT: '0',
    STAR_DB: db,
    STAR_STORIES: decks,
    LOG_LEVEL: 'error',
  }),
  { logger: createLogger('error', () => {}), scheduler: false },
);
const startupMs = performance.now() - started;
const questions = (await import('../../src/storage/deck-files.js')).loadDecks(decks as string);
const rssMb = process.memoryUsage().rss / 1024 / 1024;
await app.stop();
console.log(
  JSON.stringify({ startupMs, rssMb, questions: questions.ok ? questions.library.questions.length : 0 }),
);
process.exit(0);
