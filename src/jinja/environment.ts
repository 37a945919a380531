/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * weir's Jinja: templates render as dbt renders them with Jinja2 (a sandboxed environment with the
 * do and loopcontrols extensions, no block trimming, one trailing newline dropped). nunjucks stays
 * the engine (it compiles a template to JavaScript, which the compile speed depends on): its lexer
 * and runtime as they are, its parser and compiler subclassed with Jinja2's grammar and Python's
 * semantics (parse-*.ts, compile-*.ts, runtime.ts).
 */
import type { Environment, Template } from 'nunjucks';
import { jinjaCompilerClass } from './compile-statements.js';
import { jinjaFilters } from './filters.js';
import { jinjaGlobals } from './globals.js';
import { nunjucksInternals, type NunjucksInternals } from './nunjucks-internals.js';
import { jinjaParserClass } from './parse-statements.js';
import { parsePythonString } from './python-string.js';
import { jinjaRuntime } from './runtime.js';
import { jinjaTests } from './tests.js';

interface Engine {
  readonly nj: NunjucksInternals;
  readonly Parser: new (...args: any[]) => any;
  readonly Compiler: new (...args: any[]) => any;
}

let engine: Engine | undefined;

function jinjaEngine(): Engine {
  if (engine) return engine;
  const nj = nunjucksInternals();
  engine = { nj, Parser: jinjaParserClass(nj), Compiler: jinjaCompilerClass(nj) };
  return engine;
}

/** An environment with Jinja2's filters, tests and globals (and nunjucks' none). */
export function createJinjaEnvironment(): Environment {
  const { nj } = jinjaEngine();
  const env = new nj.nunjucks.Environment([], { autoescape: false, throwOnUndefined: true }) as Environment & Record<string, any>;
  env.py = jinjaRuntime;
  env.filters = jinjaFilters(env as any);
  env.tests = jinjaTests((name) => name in env.filters, (name) => name in env.tests);
  env.globals = jinjaGlobals();
  return env;
}

/**
 * Jinja2's lexer turns every line ending into \n and drops one newline at the very end
 * (keep_trailing_newline=False, dbt's setting); `{%+` only matters with lstrip_blocks, which dbt leaves off.
 */
export function jinjaSource(text: string): string {
  const source = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const trimmed = source.endsWith('\n') ? source.slice(0, -1) : source;
  return trimmed.includes('{%+') ? trimmed.replace(/\{%\+/g, '{%') : trimmed;
}

/**
 * nunjucks' lexer ends the tag at the first `}}`, also where it closes two dicts (`{'a': {'b': 1}}`);
 * Jinja2's counts the braces. Inside an open dict, the first `}` of a `}}` closes the dict.
 */
function jinjaTokens(nj: NunjucksInternals, source: string, opts: unknown): any {
  const tokens = nj.lexer.lex(source, opts);
  tokens._parseString = (quote: string) => pythonStringToken(nj, tokens, quote);
  const next = tokens.nextToken.bind(tokens);
  let depth = 0;
  tokens.nextToken = () => {
    const tok = next();
    if (!tok) return tok;
    if (tok.type === nj.lexer.TOKEN_LEFT_CURLY) depth++;
    else if (tok.type === nj.lexer.TOKEN_RIGHT_CURLY) depth--;
    else if (tok.type === nj.lexer.TOKEN_BLOCK_START || tok.type === nj.lexer.TOKEN_VARIABLE_START) depth = 0;
    else if (tok.type === nj.lexer.TOKEN_VARIABLE_END && depth > 0 && tok.value === '}}') {
      tokens.backN(1);
      tokens.in_code = true;
      depth--;
      return { ...tok, type: nj.lexer.TOKEN_RIGHT_CURLY, value: '}' };
    }
    return tok;
  };
  return tokens;
}

/**
 * A string literal's value: nunjucks' lexer knows only \n \t \r and drops the backslash of any
 * other escape; Jinja2's reads Python's escapes (parsePythonString). The text runs to the unescaped quote.
 */
function pythonStringToken(nj: NunjucksInternals, tokens: any, quote: string): string {
  const { lineno, colno } = tokens;
  tokens.forward();
  let raw = '';
  while (!tokens.isFinished() && tokens.current() !== quote) {
    if (tokens.current() === '\\') {
      raw += tokens.current();
      tokens.forward();
    }
    raw += tokens.current();
    tokens.forward();
  }
  tokens.forward();
  try {
    return parsePythonString(raw);
  } catch (error) {
    throw new nj.lib.TemplateError((error as Error).message, lineno + 1, colno + 1);
  }
}

/**
 * Big templates (a package's macro files, ~0.1-0.3 s each to compile) are compiled once per process:
 * a run compiles the macro library for the compile and again for execution. The compiled functions take
 * env, context and frame as arguments, so they are shared safely between environments; the key is the
 * whole input of the compile. Bounded, as a watch session recompiles edited macro files.
 */
const MEMO_MIN_LENGTH = 4096;
const MEMO_MAX_ENTRIES = 64;
const compiledMemo = new Map<string, unknown>();

/** Compiles a template; a syntax error is thrown as nunjucks throws one: `(file) [Line n, Column m]\n  message`. */
export function compileJinja(env: Environment, text: string, path: string): Template {
  const { nj, Parser, Compiler } = jinjaEngine();
  const source = jinjaSource(text);
  const filterNames = Object.keys((env as any).filters);
  const testNames = Object.keys((env as any).tests);
  const key = source.length >= MEMO_MIN_LENGTH ? `${path}\0${filterNames.join(',')}\0${testNames.join(',')}\0${source}` : undefined;
  let props = key === undefined ? undefined : compiledMemo.get(key);
  if (props === undefined) {
    try {
      const parser = new Parser(jinjaTokens(nj, source, (env as any).opts));
      const compiler = new Compiler(path, false);
      compiler.filterNames = new Set(filterNames);
      compiler.testNames = new Set(testNames);
      compiler.compile(parser.parseAsRoot());
      props = new Function(compiler.getCode())(); // eslint-disable-line @typescript-eslint/no-implied-eval
    } catch (error) {
      throw nj.lib._prettifyError(path, false, error);
    }
    if (key !== undefined) {
      if (compiledMemo.size >= MEMO_MAX_ENTRIES) compiledMemo.delete(compiledMemo.keys().next().value!);
      compiledMemo.set(key, props);
    }
  }
  return new nj.nunjucks.Template({ type: 'code', obj: props } as any, env, path, true);
}
