import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic } from '../core/diagnostics.js';
import { closestNames } from '../core/closest.js';
import { allowedKeysAt } from './zod-shape.js';
import { keepTestFloats } from './yaml-floats.js';

/** A parsed YAML file that can say on which line any key path sits. */
export interface YamlFile {
  readonly file: string;
  readonly value: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Parses YAML text; syntax errors come back as diagnostics with the line, never as exceptions.
 * `file` is the path shown to the user (relative to the project root).
 */
export function parseYaml(text: string, file: string): { yaml?: YamlFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // One bad indent makes the parser report several errors after it: only the first is the cause.
    const [first, ...after] = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0]);
    const pos = lineCounter.linePos(first!.pos[0]);
    const more = after.length > 0 ? ` (${after.length} more YAML error${after.length > 1 ? 's' : ''} after it in this file may follow from this one: fix it first)` : '';
    return {
      diagnostics: [{
        severity: 'error',
        file,
        line: pos.line,
        column: pos.col,
        message: `YAML syntax error: ${first!.message.split('\n')[0]}${more}`,
        hint: 'check indentation, colons and quoting on that line: keys of one mapping start in the same column',
      }],
    };
  }
  chompAtEndOfFile(doc, text);
  const value: unknown = doc.toJS() ?? {};
  keepTestFloats(doc, value);
  return {
    yaml: { file, value, lineOf: (path) => lineOfPath(doc, lineCounter, path) },
    diagnostics: [],
  };
}

/**
 * A `|` or `>` block that ends the file without a final line break has no line break in PyYAML (so in
 * dbt's descriptions and filters); the yaml library adds one. Only `|-` needs nothing done.
 */
function chompAtEndOfFile(doc: Document, text: string): void {
  if (text.length === 0 || text.endsWith('\n')) return;
  visit(doc, {
    Scalar(_key, node) {
      if ((node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || !node.range || node.range[1] < text.length) return;
      const header = /^[|>][0-9+-]*/.exec(text.slice(node.range[0]))?.[0] ?? '';
      if (!header.includes('-') && typeof node.value === 'string' && node.value.endsWith('\n')) node.value = node.value.slice(0, -1);
    },
  });
}

export function readYamlFile(absolutePath: string, file: string) {
  return parseYaml(readFileSync(absolutePath, 'utf8'), file);
}

/** The line of the deepest node of `path` that exists (a missing key points at its parent). */
function lineOfPath(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const key = prefix.length > 0 ? prefix[prefix.length - 1] : undefined;
    const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : depth === 1 ? doc.contents : undefined;
    // Prefer the line of the key itself (`materialized: 3` points at the key, not the value).
    if (key !== undefined && isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      const keyNode = pair && isPair(pair) ? (pair.key as Node | null) : null;
      if (keyNode?.range) return counter.linePos(keyNode.range[0]).line;
    }
    const node = depth === 0 ? doc.contents : (doc.getIn(prefix, true) as Node | undefined);
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      return counter.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

/**
 * Validates a YAML file's value with a zod schema. Every issue becomes a diagnostic naming the
 * file, line, key path and what is allowed there (with the closest key for a typo).
 */
export function validateYaml<S extends z.ZodType>(
  yaml: YamlFile,
  schema: S,
  basePath: readonly PropertyKey[] = [],
  value: unknown = yaml.value,
): { data?: z.output<S>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const close = allowed ? closestNames(key, allowed, 1) : [];
        diagnostics.push({
          severity: 'error',
          file: yaml.file,
          line: yaml.lineOf([...path, key]),
          key: formatKeyPath([...path, key]),
          message: `unknown key '${key}'`,
          hint: [
            close.length > 0 ? `did you mean '${close[0]}'?` : undefined,
            allowed ? `allowed here: ${allowed.join(', ')}` : undefined,
          ]
            .filter(Boolean)
            .join(' '),
        });
      }
      continue;
    }
    diagnostics.push({
      severity: 'error',
      file: yaml.file,
      line: yaml.lineOf(path),
      key: path.length > 0 ? formatKeyPath(path) : undefined,
      message: issue.message,
    });
  }
  return { diagnostics };
}
