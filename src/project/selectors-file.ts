import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from '../core/diagnostics.js';
import type { SourceReader } from './source-reader.js';
import { formatKeyPath, parseYaml, validateYaml } from './yaml-file.js';

export const SELECTORS_FILE = 'selectors.yml';

/** A selectors.yml entry: its definition stays as written (the graph layer reads it), with the lines of its keys. */
export interface SelectorEntry {
  readonly name: string;
  readonly description?: string | undefined;
  readonly default?: boolean | undefined;
  readonly definition: unknown;
  readonly line: number | undefined;
  /** Line of every key path under the entry (`definition.union[1].method`), to place a mistake found later. */
  readonly lines: Readonly<Record<string, number>>;
}

const selectorsSchema = z.object({
  selectors: z.array(z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    default: z.boolean().optional(),
    definition: z.unknown().refine((v) => v !== undefined && v !== null, 'a selector needs a definition'),
  }).strict()),
}).strict();

/** dbt's selectors.yml at the project root, when there is one: names unique, at most one `default: true`. */
export function readSelectors(root: string, reader: SourceReader, diagnostics: Diagnostic[]): SelectorEntry[] {
  const absolute = join(root, SELECTORS_FILE);
  if (!existsSync(absolute)) return [];
  const parsed = parseYaml(reader.read(absolute, SELECTORS_FILE).text, SELECTORS_FILE);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.yaml) return [];
  const yaml = parsed.yaml;
  const validated = validateYaml(yaml, selectorsSchema);
  diagnostics.push(...validated.diagnostics);
  if (!validated.data) return [];
  const entries = validated.data.selectors.map((s, i): SelectorEntry => {
    const lines: Record<string, number> = {};
    const visit = (value: unknown, path: (string | number)[]) => {
      const line = yaml.lineOf(['selectors', i, ...path]);
      if (line !== undefined) lines[formatKeyPath(path)] = line;
      if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, [...path, Array.isArray(value) ? Number(k) : k]);
    };
    visit(s.definition, ['definition']);
    return { ...s, line: yaml.lineOf(['selectors', i]), lines };
  });
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.name)) diagnostics.push({ severity: 'error', file: SELECTORS_FILE, line: entry.line, message: `two selectors are named '${entry.name}'`, hint: 'rename one of them' });
    seen.add(entry.name);
  }
  const defaults = entries.filter((e) => e.default);
  if (defaults.length > 1) {
    diagnostics.push({
      severity: 'error', file: SELECTORS_FILE, line: defaults[1]!.line,
      message: `only one selector may have default: true (found ${defaults.map((d) => `'${d.name}'`).join(', ')})`,
      hint: 'keep default: true on the selector that should apply when no --select, --exclude or --selector is given',
    });
  }
  return entries;
}
