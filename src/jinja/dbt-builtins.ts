/**
 * The pure functions of dbt's base context (dbt/context/base.py) that need no project: zip, set,
 * tojson/fromjson, toyaml/fromyaml, local_md5, and the `modules.re` / `modules.itertools` helpers packages call.
 * (compile/context.ts adds the ones that know the project: ref, var, env_var, modules.datetime...)
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { bind, keywords, splitCall } from './arguments.js';
import { JinjaError } from './errors.js';
import { pythonJson } from './json.js';
import { pythonRegex, RE_FLAGS } from './python-regex.js';
import { pytzModule } from './timezones.js';
import { eq, iterate, pySet, str, truthy, tuple } from './values.js';

function zip(...args: unknown[]): unknown[] {
  const lists = args.map((a) => iterate(a));
  const length = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
  return Array.from({ length }, (_v, i) => tuple(lists.map((l) => l[i])));
}

function unique(value: unknown): unknown[] {
  const out: unknown[] = [];
  for (const item of iterate(value)) if (!out.some((x) => eq(x, item))) out.push(item);
  return out;
}

/** dbt's fromjson(string, default=None): the default (None) when the text is not JSON. */
function fromJson(text: unknown, ...args: unknown[]): unknown {
  const { positional, kwargs } = splitCall(args);
  try {
    return JSON.parse(str(text)) as unknown;
  } catch {
    return kwargs.default ?? positional[0] ?? null;
  }
}

/** dbt's tojson(value, default=None, sort_keys=False): Python's json.dumps. */
function toJson(value: unknown, ...args: unknown[]): unknown {
  const { positional, kwargs } = splitCall(args);
  try {
    return pythonJson(value, { sortKeys: truthy(kwargs.sort_keys ?? positional[1]) });
  } catch (error) {
    if (!(error instanceof JinjaError)) throw error;
    return kwargs.default ?? positional[0] ?? null;
  }
}

/** The yaml library, loaded when a template first uses YAML (a compile answered from its stamp loads none). */
function yamlLibrary(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

/** dbt's fromyaml(string, default=None): PyYAML's safe_load, YAML 1.1 (yes/no are booleans). */
function fromYaml(text: unknown, ...args: unknown[]): unknown {
  const { positional, kwargs } = splitCall(args);
  try {
    return yamlLibrary().parse(str(text), { version: '1.1' }) as unknown;
  } catch {
    return kwargs.default ?? positional[0] ?? null;
  }
}

/** dbt's toyaml(value, default=None, sort_keys=False): PyYAML's safe_dump layout (block style, lists not indented). */
function toYaml(value: unknown, ...args: unknown[]): unknown {
  const { positional, kwargs } = splitCall(args);
  try {
    return yamlLibrary().stringify(JSON.parse(pythonJson(value)), { version: '1.1', indentSeq: false, sortMapEntries: truthy(kwargs.sort_keys ?? positional[1]) });
  } catch (error) {
    if (!(error instanceof JinjaError)) throw error;
    return kwargs.default ?? positional[0] ?? null;
  }
}

/** Python's `re` as far as packages use it, on JavaScript's regular expressions (see python-regex.ts). */
function regex(pattern: unknown, flags: unknown, global: boolean, anchored: 'start' | 'full' | ''): RegExp {
  return pythonRegex(str(pattern), Number(flags ?? 0), global, anchored);
}

class Match {
  constructor(private readonly m: RegExpExecArray) {}
  group(...which: unknown[]): unknown {
    const pick = (w: unknown) => (typeof w === 'string' ? this.m.groups?.[w] : this.m[Number(w ?? 0)]) ?? null;
    return which.length <= 1 ? pick(which[0]) : tuple(which.map(pick));
  }
  groups(): unknown[] {
    return tuple(this.m.slice(1).map((g) => g ?? null));
  }
  groupdict(): Record<string, unknown> {
    return { ...this.m.groups };
  }
  start(): number {
    return this.m.index;
  }
  end(): number {
    return this.m.index + this.m[0].length;
  }
  toString(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match=${JSON.stringify(this.m[0])}>`;
  }
}

function matchOrNone(re: RegExp, text: unknown): Match | null {
  const m = re.exec(str(text));
  return m ? new Match(m) : null;
}

type ReArgs = Record<string, unknown>;

/** A `re` function with Python's parameter names (flags= and count= come as keywords). */
function reFunction(name: string, params: string[], body: (a: ReArgs) => unknown) {
  return (...args: unknown[]) => body(bind(`re.${name}()`, params, args));
}

function sub(a: ReArgs): string {
  let left = Number(a.count ?? 0) || Infinity;
  const repl = str(a.repl);
  return str(a.string).replace(regex(a.pattern, a.flags, true, ''), (...m: unknown[]) => {
    if (left-- <= 0) return m[0] as string;
    const groups = m.find((x) => x !== null && typeof x === 'object') as Record<string, string> | undefined;
    return repl.replace(/\\(\d+)|\\g<(\w+)>/g, (_x, n: string | undefined, g: string | undefined) => {
      const key = n ?? g!;
      return /^\d+$/.test(key) ? str(m[Number(key)] ?? '') : str(groups?.[key] ?? '');
    });
  });
}

const re = {
  ...RE_FLAGS,
  match: reFunction('match', ['pattern', 'string', 'flags'], (a) => matchOrNone(regex(a.pattern, a.flags, false, 'start'), a.string)),
  fullmatch: reFunction('fullmatch', ['pattern', 'string', 'flags'], (a) => matchOrNone(regex(a.pattern, a.flags, false, 'full'), a.string)),
  search: reFunction('search', ['pattern', 'string', 'flags'], (a) => matchOrNone(regex(a.pattern, a.flags, false, ''), a.string)),
  findall: reFunction('findall', ['pattern', 'string', 'flags'], (a) =>
    [...str(a.string).matchAll(regex(a.pattern, a.flags, true, ''))].map((m) => (m.length === 1 ? m[0] : m.length === 2 ? m[1] ?? '' : tuple(m.slice(1).map((g) => g ?? ''))))),
  sub: reFunction('sub', ['pattern', 'repl', 'string', 'count', 'flags'], sub),
  split: reFunction('split', ['pattern', 'string', 'maxsplit', 'flags'], (a) => {
    const parts = str(a.string).split(regex(a.pattern, a.flags, true, ''));
    const limit = Number(a.maxsplit ?? 0);
    return limit > 0 && parts.length > limit + 1 ? [...parts.slice(0, limit), parts.slice(limit).join('')] : parts;
  }),
  escape: (s: unknown) => str(s).replace(/[^A-Za-z0-9_]/g, '\\$&'),
};

type ReFn = (...args: unknown[]) => unknown;

/** `re.compile(pattern, flags)`: the functions above with the pattern and flags given. */
function compilePattern(...args: unknown[]): Record<string, unknown> {
  const c = bind('re.compile()', ['pattern', 'flags'], args);
  const withPattern = (fn: ReFn) => (...rest: unknown[]) => fn(c.pattern, ...rest, keywords({ flags: c.flags ?? 0 }));
  return {
    pattern: str(c.pattern), match: withPattern(re.match), search: withPattern(re.search), fullmatch: withPattern(re.fullmatch),
    findall: withPattern(re.findall), split: withPattern(re.split), sub: withPattern(re.sub),
  };
}

function product(...args: unknown[]): unknown[] {
  const { positional, kwargs } = splitCall(args);
  const repeat = Number(kwargs.repeat ?? 1);
  const pools = Array.from({ length: repeat }, () => positional.map((p) => iterate(p))).flat();
  return pools.reduce<unknown[][]>((acc, pool) => acc.flatMap((prefix) => pool.map((item) => [...prefix, item])), [[]]).map((t) => tuple(t));
}

function combinations(items: unknown, r: unknown): unknown[] {
  const pool = iterate(items);
  const out: unknown[] = [];
  const pick = (start: number, chosen: unknown[]) => {
    if (chosen.length === Number(r)) return void out.push(tuple([...chosen]));
    for (let i = start; i < pool.length; i++) pick(i + 1, [...chosen, pool[i]]);
  };
  pick(0, []);
  return out;
}

const itertools = {
  product,
  combinations,
  chain: (...lists: unknown[]) => lists.flatMap((l) => iterate(l)),
  permutations: (items: unknown, r?: unknown) => {
    const pool = iterate(items);
    const size = r === undefined || r === null ? pool.length : Number(r);
    const out: unknown[] = [];
    const pick = (chosen: number[]) => {
      if (chosen.length === size) return void out.push(tuple(chosen.map((i) => pool[i])));
      for (let i = 0; i < pool.length; i++) if (!chosen.includes(i)) pick([...chosen, i]);
    };
    pick([]);
    return out;
  },
};


export function dbtBuiltins(): Record<string, unknown> {
  return {
    zip,
    set: (value: unknown = []) => pySet(unique(value)),
    set_strict: unique,
    tojson: toJson,
    fromjson: fromJson,
    toyaml: toYaml,
    fromyaml: fromYaml,
    local_md5: (value: unknown) => createHash('md5').update(str(value)).digest('hex'),
    modules: { re: { ...re, compile: compilePattern }, itertools, pytz: pytzModule() },
  };
}
