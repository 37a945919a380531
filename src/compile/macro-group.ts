import type { Environment, Template } from 'nunjucks';
import { throwIfErrors, type Diagnostic } from '../core/diagnostics.js';
import type { SqlFile } from '../project/types.js';
import { compileJinja } from '../jinja/index.js';
import { templateDiagnostic, type LineMap } from './template.js';

/**
 * One package's macro files (or the project's, or weir's built-ins) compiled as one template, so a
 * macro calls any other macro of its package by its bare name, whichever file it is in. Error lines
 * in the combined text map back to the file and line they came from.
 */
export interface MacroGroup {
  /** The package (project) the macros belong to: the namespace `name.macro(...)` reaches them by. */
  readonly name: string;
  /** Each macro with its `{% macro %}...{% endmacro %}` block (dbt's macro_sql). */
  readonly macros: ReadonlyArray<{ readonly name: string; readonly path: string; readonly sql: string }>;
  /** The combined template's name, as nunjucks prints it in error messages: `(macro files of x)`. */
  readonly templateName: string;
  /** A line of the combined template -> its file and line (for errors raised inside a macro). */
  readonly lineMap: LineMap;
  /** The group's macros bound to `context` (compiled on first use when lazy). */
  exportWith(context: Record<string, unknown>): Record<string, unknown>;
}

/** Missing from @types/nunjucks: binds a template's top-level macros to a context. */
interface GetExported {
  getExported(context: object, callback: (error: unknown, exported: unknown) => void): void;
}

const MACRO_DEF = /\{%-?\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;

/**
 * The block of the macro defined at `start` of the transformed text, as its author wrote it: the
 * transforms keep lines, so the block is found on the same line of the original text, from its
 * `{% macro %}` (or `{% test %}`, `{% materialization %}`) to the end tag (blocks do not nest).
 */
function macroBlock(original: string, transformed: string, start: number): string {
  const line = transformed.slice(0, start).split('\n').length;
  let from = 0;
  for (let i = 1; i < line && from >= 0; i++) from = original.indexOf('\n', from) + 1;
  const open = /\{%-?\s*(?:macro|test|materialization)\b/g;
  open.lastIndex = from;
  const begin = open.exec(original)?.index ?? from;
  const end = /\{%-?\s*end(?:macro|test|materialization)\b[^%]*%\}/g;
  end.lastIndex = begin;
  const found = end.exec(original);
  return original.slice(begin, found ? found.index + found[0].length : original.length);
}

export function compileMacroGroup(
  name: string,
  files: readonly SqlFile[],
  env: () => Environment,
  transform: (text: string) => string,
  diagnostics: Diagnostic[],
  lazy: boolean,
): MacroGroup {
  const macros: Array<{ name: string; path: string; sql: string }> = [];
  const offsets: Array<{ start: number; file: string }> = [];
  let text = '';
  let lineCount = 0;
  for (const original of files) {
    const file = { ...original, text: transform(original.text) };
    for (const match of file.text.matchAll(MACRO_DEF)) {
      const earlier = macros.find((m) => m.name === match[1]);
      if (earlier) {
        diagnostics.push({
          severity: 'error', file: file.path, line: file.text.slice(0, match.index).split('\n').length,
          message: `macro '${match[1]}' is defined twice: here and in ${earlier.path}`, hint: 'rename one of them',
        });
      }
      macros.push({ name: match[1]!, path: file.path, sql: macroBlock(original.text, file.text, match.index) });
    }
    offsets.push({ start: lineCount + 1, file: file.path });
    const body = file.text.endsWith('\n') ? file.text : `${file.text}\n`;
    text += body;
    lineCount += body.split('\n').length - 1;
  }
  const lineMap: LineMap = {
    locate(line) {
      let found = offsets[0]!;
      for (const o of offsets) if (o.start <= line) found = o;
      return { file: found.file, line: line - found.start + 1 };
    },
  };
  // No parentheses in the name: templateDiagnostic reads it back out of '(name) [Line n, Column m]'.
  const templateName = `macro files of ${name}`;
  let template: Template | undefined;
  let compiled = false;
  const compile = (into: Diagnostic[]) => {
    compiled = true;
    if (files.length === 0) return;
    try {
      template = compileJinja(env(), text, templateName);
    } catch (error) {
      into.push(templateDiagnostic(error, files[0]!.path, { lineMap, phase: 'compile' }));
    }
  };
  if (!lazy) compile(diagnostics);
  return {
    name,
    macros,
    templateName,
    lineMap,
    exportWith(context) {
      if (!compiled) {
        const late: Diagnostic[] = [];
        compile(late);
        throwIfErrors(late);
      }
      if (!template) return {};
      let exported: Record<string, unknown> | undefined;
      let failure: unknown;
      (template as unknown as GetExported).getExported(context, (error, result) => {
        failure = error;
        exported = result as Record<string, unknown>;
      });
      if (failure) throw failure;
      if (!exported) throw new Error(`the macros of ${name} did not load synchronously`);
      return exported;
    },
  };
}
