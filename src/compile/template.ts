import type { Environment } from 'nunjucks';
import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import { compileJinja, createJinjaEnvironment, jinjaSource } from '../jinja/index.js';
import { parseStaticTemplate, renderStatic, StaticRenderError } from './static-template.js';

/** A model's template, compiled once and rendered in both passes. */
export interface PreparedTemplate {
  readonly file: string;
  /** True when the fast static path handles it (no nunjucks involved). */
  readonly isStatic: boolean;
  render(context: Record<string, unknown>): string;
}

/** dbt's Jinja (see src/jinja): Jinja2's defaults, but an undefined value in output is an error, not ''. */
export function createEnvironment(): Environment {
  return createJinjaEnvironment();
}

/** Compiles a template; a syntax error is thrown as the nunjucks error (see templateDiagnostic). */
export function prepareTemplate(env: Environment, text: string, file: string): PreparedTemplate {
  // Jinja2 drops the template's last newline: the static path must print what it would.
  const parts = parseStaticTemplate(jinjaSource(text));
  if (parts) {
    return { file, isStatic: true, render: (context) => renderStatic(parts, context, file) };
  }
  const template = compileJinja(env, text, file);
  return { file, isStatic: false, render: (context) => template.render(context) };
}

/** Maps a line of a concatenated text back to the file it came from. */
export interface LineMap {
  locate(line: number): { file: string; line: number };
}

const LOCATION = /^\(([^)]*)\)(?: \[Line (\d+), Column (\d+)\])?\n\s*/;

/**
 * Turns a nunjucks (or static path) error into a diagnostic with file and line. nunjucks puts the
 * place in the message: `(file) [Line 3, Column 5]\n  message`; for errors thrown inside a called
 * function it reports the line before the call, so those get one added.
 */
export function templateDiagnostic(
  error: unknown,
  file: string,
  options: { knownNames?: Iterable<string>; lineMap?: LineMap; phase: 'compile' | 'render'; text?: string },
): Diagnostic {
  if (error instanceof StaticRenderError) {
    return { severity: 'error', file, line: error.line, message: cleanMessage(error.message) };
  }
  const raw = error instanceof Error ? error.message : String(error);
  const body = raw.replace(/^Template render error:?\s*/, '');
  const match = LOCATION.exec(body);
  let message = match ? body.slice(match[0].length) : body;
  let line = match?.[2] ? Number(match[2]) : undefined;
  const column = match?.[3] ? Number(match[3]) : undefined;
  const thrownInCall = /^\w*Error: /.test(message);
  // Runtime errors carry nunjucks' 0-based line, and none at all on the first line.
  if (thrownInCall && match) line = line === undefined ? 1 : line + 1;
  message = cleanMessage(message);
  let hint: string | undefined;
  const unknownCall = /Unable to call `([^`]+)`, which is undefined or falsey/.exec(message);
  if (unknownCall) {
    const name = unknownCall[1]!;
    // nunjucks leaves the line out for errors on line 1 (its lines count from 0); find the call.
    if (options.text) line = lineOf(options.text, new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\(`)) ?? line;
    message = `unknown macro or function '${name}'`;
    const close = options.knownNames ? didYouMean(name, options.knownNames) : undefined;
    hint = `${close ? `${close} ` : ''}macros are defined with {% macro ${name}(...) %} in a file under macros/`;
  } else if (/attempted to output null or undefined value/.test(message)) {
    message = 'a {{ ... }} expression printed an undefined value (a misspelt variable or a missing attribute?)';
  } else if (options.phase === 'compile') {
    message = `template syntax error: ${message}`;
    if (/end of file/.test(message)) hint = 'a {% ... %} block is not closed (endif, endfor, endmacro?)';
  }
  let where = { file, line };
  if (options.lineMap && line !== undefined) where = options.lineMap.locate(line);
  return {
    severity: 'error',
    file: where.file,
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(column !== undefined && !thrownInCall ? { column } : {}),
    message,
    ...(hint ? { hint } : {}),
  };
}

function cleanMessage(message: string): string {
  return message.replace(/^(Jinja|Compiler)?Error: /, '').trim();
}

function lineOf(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : undefined;
}
