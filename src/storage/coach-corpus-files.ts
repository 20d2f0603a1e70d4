import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type CorpusItem, corpusLabelsSchema, formFields } from '../domain/coach-eval.js';

export type CorpusLoad = { ok: true; items: CorpusItem[] } | { ok: false; errors: string[] };

const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * Reads a labelled corpus: every `*.md` in `dir`, its labels in YAML front matter, then the reply
 * (test/fixtures/coach/README.md). Any file that does not follow the format fails the whole load,
 * naming the file and what is wrong.
 */
export function loadCoachCorpus(dir: string): CorpusLoad {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .sort();
  } catch (error) {
    return { ok: false, errors: [`${dir}: ${(error as Error).message}`] };
  }
  if (names.length === 0) return { ok: false, errors: [`${dir}: no labelled replies (*.md files)`] };
  const items: CorpusItem[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const match = frontMatter.exec(readFileSync(file, 'utf8'));
    if (!match) {
      errors.push(`${file}: starts with no front matter (--- labels ---)`);
      continue;
    }
    let raw: unknown;
    try {
      raw = parseYaml(match[1] ?? '');
    } catch (error) {
      errors.push(`${file}: the labels are not YAML: ${(error as Error).message}`);
      continue;
    }
    const labels = corpusLabelsSchema.safeParse(raw);
    if (!labels.success) {
      errors.push(
        `${file}: ${labels.error.issues.map((i) => `${i.path.join('.') || 'labels'}: ${i.message}`).join('; ')}`,
      );
      continue;
    }
    const body = (match[2] ?? '').replace(/\s+$/, '');
    if (labels.data.where === 'form') {
      const form = formFields(body);
      if (!form) {
        errors.push(
          `${file}: a form reply has the four fields under ## Situation, ## Task, ## Action, ## Result`,
        );
        continue;
      }
      items.push({ file, labels: labels.data, reply: { form } });
    } else {
      items.push({ file, labels: labels.data, reply: { text: body } });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, items };
}
