import { z } from 'zod';

/** The `/star` subcommands that work today. Help lists exactly these. */
export const starCommandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('help') }),
  z.object({ name: z.literal('question'), filter: z.string().trim().min(1).max(200).optional() }),
  z.object({ name: z.literal('categories') }),
  z.object({ name: z.literal('tips') }),
  z.object({ name: z.literal('stats') }),
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
};

/** Slack escapes &, < and > in command text. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Parses the text after `/star`. Never throws: anything it cannot read comes back with a reason. */
export function parseCommandText(raw: string): ParsedCommand {
  const text = unescapeSlack(String(raw ?? ''))
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
  const [word = '', ...rest] = text.split(' ');
  const name = aliases[word.toLowerCase()];
  if (name === undefined) return { ok: false, reason: `I don't know "/star ${text.slice(0, 80)}".` };
  const args = rest.join(' ');
  if (name !== 'question' && args !== '') {
    return { ok: false, reason: `"/star ${name}" takes nothing after it.` };
  }
  const parsed = starCommandSchema.safeParse(
    name === 'question' ? { name, filter: args || undefined } : { name },
  );
  if (!parsed.success) {
    return { ok: false, reason: `That filter is too long (at most 200 characters).` };
  }
  return { ok: true, command: parsed.data };
}
