import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The differential corpus: small templates rendered by Jinja2 and by weir against one context. */
export interface CorpusTemplate {
  readonly name: string;
  readonly source: string;
}

const DIR = join(import.meta.dirname, 'corpus');

export function corpusContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(DIR, 'context.json'), 'utf8')) as Record<string, unknown>;
}

/** expressions.txt: one expression a line, rendered as `{{ expression }}` ('#' lines are comments). */
function expressionTemplates(): CorpusTemplate[] {
  return readFileSync(join(DIR, 'expressions.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => ({ name: `expr: ${line}`, source: `{{ ${line} }}` }));
}

/** `### name` starts a template, which runs up to the newline before the next `###`. */
function blockTemplates(file: string): CorpusTemplate[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  return text
    .split(/^### /m)
    .slice(1)
    .map((chunk) => {
      const newline = chunk.indexOf('\n');
      const body = chunk.slice(newline + 1);
      return { name: chunk.slice(0, newline).trim(), source: body.endsWith('\n') ? body.slice(0, -1) : body };
    });
}

export function corpusTemplates(): CorpusTemplate[] {
  return [...expressionTemplates(), ...blockTemplates('statements.txt'), ...blockTemplates('dbt.txt'), ...blockTemplates('datetime.txt')];
}
