import { sha256 } from '../core/sha256.js';
import type { LogEvent } from '../core/logger.js';
import type { NodeConfigInput } from '../project/schemas.js';
import type { SqlFile } from '../project/types.js';
import type { TemplateReads } from './context.js';
import { toJson } from '../core/json.js';

/**
 * The partial-parse cache of compiled templates. A model's entry holds what both passes produced
 * (its refs, sources and `config()` calls; its rendered SQL) and everything they read besides the
 * file's text: vars by value, env vars by a hash of their value, the macro files its text reaches,
 * and what each `ref()`, `source()` and `this` resolved to. An entry is reused only while every one
 * of those is unchanged; a template that read `run_started_at` or `modules` is never cached.
 * Empty parts are left out (10,000 entries are read on every compile).
 */
export interface CachedTemplate {
  /** The start of the text's sha256. */
  readonly hash: string;
  /** Var name -> JSON of the value read ('' when it was not defined). */
  readonly vars?: Readonly<Record<string, string>>;
  /** Env var name -> sha256 of the value read ('' when unset): values may be secrets. */
  readonly env?: Readonly<Record<string, string>>;
  /** The macro files the text reaches, hashed; absent for templates that call no macro. */
  readonly macros?: string;
  readonly parse: CachedParse;
  readonly render?: CachedRender;
  /**
   * The node's body fingerprint for that render, with the ids it depends on (see fingerprint.ts):
   * reused while the compiled SQL and those ids are the same.
   */
  readonly body?: { readonly hash: string; readonly parents: string };
}

export interface CachedParse {
  readonly refs?: ReadonlyArray<{ readonly name: string; readonly package: string | undefined }>;
  readonly sources?: ReadonlyArray<readonly [string, string]>;
  /** The validated `config()` arguments. */
  readonly inline?: readonly NodeConfigInput[];
  readonly usesIncremental?: true;
  readonly usesMacros?: true;
  /**
   * Not a plain static template (see static-template.ts): it may test or call any macro, so its
   * entry holds the macro key even when it calls none (`{% if m is defined %}`).
   */
  readonly dynamic?: true;
}

export interface CachedRender {
  /** Whether the `is_incremental()` variant was rendered too. */
  readonly incremental?: true;
  /** What `this`, each `ref(name)` and each `source('s', 't')` (key `s.t`) printed as. */
  readonly self: string;
  readonly refs?: Readonly<Record<string, string>>;
  readonly sources?: Readonly<Record<string, string>>;
  /** The rendered SQL before ephemeral CTEs are put in front. */
  readonly sql: string;
  readonly incrementalSql?: string;
  readonly logs?: readonly LogEvent[];
  /** It asked the warehouse: rendered again at execution (never cached: its reads are volatile). */
  readonly introspective?: true;
}

/** What one compile reads from and writes to the cache; the workflow layer keeps it on disk. */
export interface TemplateCache {
  /** Everything a template sees that is the same for all nodes (target, built-in macros, project). */
  readonly key: string;
  /** The project's macro files, hashed: unchanged, they compiled cleanly last time. */
  readonly macros: string;
  readonly entries: ReadonlyMap<string, CachedTemplate>;
}

export interface TemplateCacheRun {
  /** Entries for the next run: the reused and the newly rendered, by file path. */
  readonly next: Map<string, CachedTemplate>;
  /** How many templates were parsed and rendered again (the rest came from the cache). */
  parsed: number;
  rendered: number;
  reused: number;
}

export { sha256 };

function varValue(value: unknown): string {
  return value === undefined ? '' : toJson(value) ?? '';
}

function envValue(value: string | undefined): string {
  return value === undefined ? '' : sha256(value);
}

const HASH_LENGTH = 24;

export function fileHash(file: SqlFile): string {
  return (file.hash ?? sha256(file.text)).slice(0, HASH_LENGTH);
}

/** Whether the parse-pass results of `entry` still hold: same text, vars, env vars and macros. */
export function parseStillValid(
  entry: CachedTemplate,
  file: SqlFile,
  vars: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  macroKey: (text: string) => string,
): boolean {
  if (entry.hash !== fileHash(file)) return false;
  for (const name in entry.vars) {
    const current = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (varValue(current) !== entry.vars[name]) return false;
  }
  for (const name in entry.env) if (envValue(env[name]) !== entry.env[name]) return false;
  return !entry.parse.dynamic || macroKey(file.text) === entry.macros;
}

/** Whether the rendered SQL still holds, given what `this`, refs and sources resolve to now. */
export function renderStillValid(
  render: CachedRender,
  now: { self: string; incremental: boolean; ref: (name: string) => string; source: (key: string) => string },
): boolean {
  if (render.self !== now.self || (render.incremental ?? false) !== now.incremental) return false;
  for (const name in render.refs) if (now.ref(name) !== render.refs[name]) return false;
  for (const key in render.sources) if (now.source(key) !== render.sources[key]) return false;
  return true;
}

/** A cache entry from what a compile read (merged with the reads of the entry it replaces). */
export function cacheEntry(
  file: SqlFile,
  parse: CachedParse,
  render: CachedRender | undefined,
  reads: TemplateReads,
  previous: CachedTemplate | undefined,
  macroKey: (text: string) => string,
): CachedTemplate {
  const vars: Record<string, string> = { ...previous?.vars };
  for (const [name, value] of reads.vars) vars[name] = varValue(value);
  const env: Record<string, string> = { ...previous?.env };
  for (const [name, value] of reads.env) env[name] = envValue(value);
  return {
    hash: fileHash(file),
    ...(Object.keys(vars).length > 0 ? { vars } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
    ...(parse.dynamic ? { macros: macroKey(file.text) } : {}),
    parse,
    ...(render ? { render } : {}),
  };
}

/** A parse result without its empty parts. */
export function cachedParse(parse: {
  refs: CachedParse['refs']; sources: CachedParse['sources']; inline: CachedParse['inline']; usesIncremental: boolean; usesMacros: boolean; dynamic: boolean;
}): CachedParse {
  return {
    ...(parse.refs?.length ? { refs: parse.refs } : {}),
    ...(parse.sources?.length ? { sources: parse.sources } : {}),
    ...(parse.inline?.length ? { inline: parse.inline } : {}),
    ...(parse.usesIncremental ? { usesIncremental: true as const } : {}),
    ...(parse.usesMacros ? { usesMacros: true as const } : {}),
    ...(parse.dynamic ? { dynamic: true as const } : {}),
  };
}

const MACRO_DEF = /\{%-?\s*(?:macro|test)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;

/**
 * The macro files a text reaches, transitively, hashed: a change to a macro anywhere in the chain
 * changes the key of every template that reaches it, and a new macro named in the text does too.
 * Names are matched as text (over-approximating is safe); `adapter.dispatch('x')` reaches
 * `<engine>__x` and `default__x`, so a macro named `a__x` counts as named by any text naming `x`.
 */
export function macroKeys(files: ReadonlyArray<{ readonly path: string; readonly text: string }>): (text: string) => string {
  const filesOf = new Map<string, string[]>();
  for (const file of files) {
    for (const match of file.text.matchAll(MACRO_DEF)) {
      const name = match[1]!;
      for (const key of [name, name.includes('__') ? name.slice(name.indexOf('__') + 2) : undefined]) {
        if (key) filesOf.set(key, [...(filesOf.get(key) ?? []), file.path]);
      }
    }
  }
  const names = [...filesOf.keys()];
  const textOf = new Map(files.map((f) => [f.path, f.text]));
  const mentioned = (text: string) => names.filter((n) => text.includes(n)).flatMap((n) => filesOf.get(n)!);
  // A macro file's own mentions never change within a compile: scanned once, not once per template
  // that reaches it (the scan of every name over a large file was 70 us per template).
  const mentionedBy = new Map<string, string[]>();
  const mentionedByFile = (path: string) => {
    let list = mentionedBy.get(path);
    if (list === undefined) mentionedBy.set(path, (list = mentioned(textOf.get(path)!)));
    return list;
  };
  const reachCache = new Map<string, string>();
  return (text) => {
    const reached = new Set<string>();
    const queue = mentioned(text);
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (reached.has(path)) continue;
      reached.add(path);
      queue.push(...mentionedByFile(path));
    }
    const list = [...reached].sort().join('\n');
    let key = reachCache.get(list);
    if (key === undefined) reachCache.set(list, (key = sha256([...reached].sort().map((p) => `${p}\0${textOf.get(p)}`).join('\0'))));
    return key;
  };
}
