/**
 * A fast path for the most common model shape: SQL text with `{{ ref('x') }}`, `{{ source('a','b') }}`,
 * `{{ config(materialized='table') }}`, `{{ var('x') }}`, `{{ this }}` and nothing else. Like dbt's
 * static parser, it skips the template engine for those models (compiling a nunjucks template costs
 * ~0.1 ms; 10,000 of them would eat most of a 2 s budget). Anything it does not fully understand
 * returns `undefined`, and the model goes through nunjucks instead: the output is the same either way.
 */
export type StaticValue = string | number | boolean | null | StaticValue[];

export interface StaticCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly StaticValue[];
  readonly kwargs: Readonly<Record<string, StaticValue>> | undefined;
  readonly line: number;
}

export interface StaticVariable {
  readonly kind: 'variable';
  readonly name: string;
  readonly line: number;
}

export type StaticPart = string | StaticCall | StaticVariable;

const STATIC_FUNCTIONS = new Set(['ref', 'source', 'config', 'var', 'env_var']);
const STATIC_VARIABLES = new Set(['this']);

export function parseStaticTemplate(text: string): StaticPart[] | undefined {
  if (text.includes('{%') || text.includes('{#')) return undefined;
  const parts: StaticPart[] = [];
  let cursor = 0;
  let line = 1;
  for (;;) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return undefined;
    const literal = text.slice(cursor, open);
    line += countNewlines(literal);
    if (literal) parts.push(literal);
    const body = text.slice(open + 2, close);
    if (body.startsWith('-') || body.endsWith('-')) return undefined;
    const expression = parseExpression(body.trim(), line);
    if (!expression) return undefined;
    parts.push(expression);
    line += countNewlines(body);
    cursor = close + 2;
  }
  const rest = text.slice(cursor);
  if (rest.includes('}}')) return undefined;
  if (rest) parts.push(rest);
  return parts;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

function parseExpression(source: string, line: number): StaticCall | StaticVariable | undefined {
  const ident = IDENT.exec(source);
  if (!ident) return undefined;
  const name = ident[0];
  const rest = source.slice(name.length).trim();
  if (rest === '') return STATIC_VARIABLES.has(name) ? { kind: 'variable', name, line } : undefined;
  if (!STATIC_FUNCTIONS.has(name) || !rest.startsWith('(') || !rest.endsWith(')')) return undefined;
  const reader = new Reader(rest.slice(1, -1));
  const args: StaticValue[] = [];
  let kwargs: Record<string, StaticValue> | undefined;
  reader.skipSpace();
  while (!reader.done()) {
    const keyword = reader.keyword();
    const value = reader.value();
    if (value === undefined) return undefined;
    if (keyword) (kwargs ??= {})[keyword] = value;
    else if (kwargs) return undefined; // positional after keyword: let nunjucks report it
    else args.push(value);
    reader.skipSpace();
    if (reader.done()) break;
    if (!reader.eat(',')) return undefined;
    reader.skipSpace();
  }
  return { kind: 'call', name, args, kwargs, line };
}

/** Reads literal values: strings without escapes, numbers, booleans, none, lists of those. */
class Reader {
  private pos = 0;
  constructor(private readonly s: string) {}
  done(): boolean {
    return this.pos >= this.s.length;
  }
  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
  }
  eat(ch: string): boolean {
    if (this.s[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }
  keyword(): string | undefined {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*/.exec(this.s.slice(this.pos));
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[1];
  }
  value(): StaticValue | undefined {
    this.skipSpace();
    const ch = this.s[this.pos];
    if (ch === "'" || ch === '"') {
      const end = this.s.indexOf(ch, this.pos + 1);
      if (end < 0) return undefined;
      const str = this.s.slice(this.pos + 1, end);
      if (str.includes('\\')) return undefined;
      this.pos = end + 1;
      return str;
    }
    if (ch === '[') {
      this.pos++;
      const items: StaticValue[] = [];
      this.skipSpace();
      while (!this.eat(']')) {
        const item = this.value();
        if (item === undefined) return undefined;
        items.push(item);
        this.skipSpace();
        if (this.eat(']')) break;
        if (!this.eat(',')) return undefined;
        this.skipSpace();
      }
      return items;
    }
    const match = /^(-?\d+(?:\.\d+)?|true|false|True|False|none|None)(?![A-Za-z0-9_])/.exec(this.s.slice(this.pos));
    if (!match) return undefined;
    this.pos += match[0].length;
    const token = match[0];
    if (token === 'true' || token === 'True') return true;
    if (token === 'false' || token === 'False') return false;
    if (token === 'none' || token === 'None') return null;
    return Number(token);
  }
}

/**
 * Renders parsed parts against a context, the way nunjucks would: keyword arguments arrive as a
 * trailing object marked `__keywords`, and null or undefined output is an error.
 */
export function renderStatic(parts: readonly StaticPart[], context: Record<string, unknown>, file: string): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    let value: unknown;
    try {
      if (part.kind === 'variable') {
        value = context[part.name];
      } else {
        const fn = context[part.name] as ((...args: unknown[]) => unknown) | undefined;
        const args: unknown[] = [...part.args];
        if (part.kwargs) args.push({ ...part.kwargs, __keywords: true });
        value = fn!(...args);
      }
    } catch (error) {
      throw new StaticRenderError(error, file, part.line);
    }
    if (value === undefined || value === null) {
      throw new StaticRenderError(new Error('attempted to output null or undefined value'), file, part.line);
    }
    out += String(value);
  }
  return out;
}

/** An error raised while rendering a static template, with the line of the expression. */
export class StaticRenderError extends Error {
  constructor(
    readonly original: unknown,
    readonly file: string,
    readonly line: number,
  ) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'StaticRenderError';
  }
}
