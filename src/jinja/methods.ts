/** Python's str, list and dict methods that templates call (`s.upper()`, `d.items()`, `l.append(x)`). */
import { bind, splitCall } from './arguments.js';
import { JinjaError } from './errors.js';
import { formatString, percentFormat } from './format.js';
import { eq, isDict, iterate, mappingView, str, tuple, typeName } from './values.js';

type Method = (self: never, ...args: unknown[]) => unknown;

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? ' \t\n\r\x0b\x0c' : str(chars);
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start]!)) start++;
  if (right) while (end > start && set.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

function split(s: string, sep: unknown, maxsplit: unknown, fromRight: boolean): string[] {
  const limit = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (sep === undefined || sep === null) {
    const words = s.trim().split(/\s+/).filter(Boolean);
    if (limit < 0 || words.length <= limit + 1) return words;
    if (fromRight) {
      const tail = words.slice(words.length - limit);
      const head = s.trimEnd().slice(0, s.trimEnd().length - tail.join(' ').length).trim();
      return [head, ...tail];
    }
    const rest = words.slice(limit);
    return [...words.slice(0, limit), s.trim().split(/\s+/).slice(limit).join(' ') || rest.join(' ')];
  }
  const separator = str(sep);
  if (separator === '') throw new JinjaError('empty separator');
  const parts = s.split(separator);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return fromRight
    ? [parts.slice(0, parts.length - limit).join(separator), ...parts.slice(parts.length - limit)]
    : [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

function startsOrEnds(s: string, prefix: unknown, ends: boolean): boolean {
  const options = Array.isArray(prefix) ? prefix.map(str) : [str(prefix)];
  return options.some((p) => (ends ? s.endsWith(p) : s.startsWith(p)));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

export function title(s: string): string {
  return s.replace(/[A-Za-z0-9]+/g, (w) => capitalize(w)).replace(/([0-9])([a-z])/g, (_m, d: string, c: string) => d + c);
}

function pad(s: string, width: unknown, fill: unknown, where: 'left' | 'right' | 'center'): string {
  const w = Number(width);
  const f = fill === undefined ? ' ' : str(fill);
  const total = Math.max(0, w - s.length);
  if (where === 'left') return f.repeat(total) + s;
  if (where === 'right') return s + f.repeat(total);
  const left = Math.floor(total / 2) + (total % 2 & w % 2);
  return f.repeat(left) + s + f.repeat(total - left);
}

const STR: Record<string, Method> = {
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  casefold: (s: string) => s.toLowerCase(),
  title: (s: string) => title(s),
  capitalize: (s: string) => capitalize(s),
  swapcase: (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  strip: (s: string, chars?: unknown) => strip(s, chars, true, true),
  lstrip: (s: string, chars?: unknown) => strip(s, chars, true, false),
  rstrip: (s: string, chars?: unknown) => strip(s, chars, false, true),
  split: (s: string, ...args: unknown[]) => {
    const a = bind('split()', ['sep', 'maxsplit'], args);
    return split(s, a.sep, a.maxsplit, false);
  },
  rsplit: (s: string, ...args: unknown[]) => {
    const a = bind('rsplit()', ['sep', 'maxsplit'], args);
    return split(s, a.sep, a.maxsplit, true);
  },
  splitlines: (s: string) => s.split(/\r\n|\r|\n/).filter((line, i, all) => i < all.length - 1 || line !== ''),
  replace: (s: string, old: unknown, replacement: unknown, count?: unknown) => {
    const parts = s.split(str(old));
    const n = count === undefined || Number(count) < 0 ? parts.length : Number(count) + 1;
    return [parts.slice(0, n).join(str(replacement)), ...parts.slice(n)].join(str(old));
  },
  startswith: (s: string, prefix: unknown) => startsOrEnds(s, prefix, false),
  endswith: (s: string, suffix: unknown) => startsOrEnds(s, suffix, true),
  join: (s: string, items: unknown) => iterate(items).map((item, i) => {
    if (typeof item !== 'string') throw new JinjaError(`sequence item ${i}: expected str instance, ${typeName(item)} found`);
    return item;
  }).join(s),
  find: (s: string, sub: unknown) => s.indexOf(str(sub)),
  rfind: (s: string, sub: unknown) => s.lastIndexOf(str(sub)),
  index: (s: string, sub: unknown) => {
    const at = s.indexOf(str(sub));
    if (at < 0) throw new JinjaError('substring not found');
    return at;
  },
  count: (s: string, sub: unknown) => s.split(str(sub)).length - 1,
  format: (s: string, ...args: unknown[]) => {
    const { positional, kwargs } = splitCall(args);
    return formatString(s, positional, kwargs);
  },
  isupper: (s: string) => /[A-Za-z]/.test(s) && s === s.toUpperCase(),
  islower: (s: string) => /[A-Za-z]/.test(s) && s === s.toLowerCase(),
  isdigit: (s: string) => /^[0-9]+$/.test(s),
  isnumeric: (s: string) => /^[0-9]+$/.test(s),
  isalpha: (s: string) => /^[A-Za-z]+$/.test(s),
  isalnum: (s: string) => /^[A-Za-z0-9]+$/.test(s),
  isspace: (s: string) => /^\s+$/.test(s),
  center: (s: string, width: unknown, fill?: unknown) => pad(s, width, fill, 'center'),
  ljust: (s: string, width: unknown, fill?: unknown) => pad(s, width, fill, 'right'),
  rjust: (s: string, width: unknown, fill?: unknown) => pad(s, width, fill, 'left'),
  zfill: (s: string, width: unknown) => {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + pad(s.slice(sign.length), Number(width) - sign.length, '0', 'left');
  },
  partition: (s: string, sep: unknown) => {
    const at = s.indexOf(str(sep));
    return at < 0 ? tuple([s, '', '']) : tuple([s.slice(0, at), str(sep), s.slice(at + str(sep).length)]);
  },
  __mod__: (s: string, args: unknown) => percentFormat(s, args),
};

function listIndex(list: unknown[], value: unknown): number {
  const at = list.findIndex((item) => eq(item, value));
  if (at < 0) throw new JinjaError('value is not in list');
  return at;
}

const LIST: Record<string, Method> = {
  append: (l: unknown[], item: unknown) => void l.push(item),
  extend: (l: unknown[], items: unknown) => void l.push(...iterate(items)),
  insert: (l: unknown[], at: unknown, item: unknown) => void l.splice(Number(at) < 0 ? l.length + Number(at) : Number(at), 0, item),
  pop: (l: unknown[], at?: unknown) => {
    if (l.length === 0) throw new JinjaError('pop from empty list');
    const i = at === undefined ? l.length - 1 : Number(at) < 0 ? l.length + Number(at) : Number(at);
    return l.splice(i, 1)[0];
  },
  remove: (l: unknown[], item: unknown) => void l.splice(listIndex(l, item), 1),
  index: (l: unknown[], item: unknown) => listIndex(l, item),
  count: (l: unknown[], item: unknown) => l.filter((x) => eq(x, item)).length,
  reverse: (l: unknown[]) => void l.reverse(),
  copy: (l: unknown[]) => [...l],
  clear: (l: unknown[]) => void l.splice(0),
};

const TUPLE_METHODS = new Set(['index', 'count']);

const DICT: Record<string, Method> = {
  items: (d: Record<string, unknown>) => Object.entries(d).map((entry) => tuple(entry)),
  keys: (d: Record<string, unknown>) => Object.keys(d),
  values: (d: Record<string, unknown>) => Object.values(d),
  get: (d: Record<string, unknown>, key: unknown, fallback: unknown = null) =>
    Object.prototype.hasOwnProperty.call(d, str(key)) ? d[str(key)] : fallback,
  update: (d: Record<string, unknown>, ...args: unknown[]) => {
    const { positional, kwargs } = splitCall(args);
    const from = positional[0];
    if (isDict(from)) Object.assign(d, from);
    else if (Array.isArray(from)) for (const pair of from as unknown[][]) d[str(pair[0])] = pair[1];
    Object.assign(d, kwargs);
  },
  pop: (d: Record<string, unknown>, key: unknown, ...fallback: unknown[]) => {
    const k = str(key);
    if (!Object.prototype.hasOwnProperty.call(d, k)) {
      if (fallback.length > 0) return fallback[0];
      throw new JinjaError(`KeyError: '${k}'`);
    }
    const value = d[k];
    delete d[k];
    return value;
  },
  setdefault: (d: Record<string, unknown>, key: unknown, fallback: unknown = null) => {
    const k = str(key);
    if (!Object.prototype.hasOwnProperty.call(d, k)) d[k] = fallback;
    return d[k];
  },
  copy: (d: Record<string, unknown>) => ({ ...d }),
  clear: (d: Record<string, unknown>) => {
    for (const k of Object.keys(d)) delete d[k];
  },
};

/** The method `name` of a str, list, tuple or dict, bound to it; undefined when it has none. */
export function pythonMethod(self: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  let table: Record<string, Method> | undefined;
  if (typeof self === 'string') table = STR;
  else if (Array.isArray(self)) table = typeName(self) === 'tuple' && !TUPLE_METHODS.has(name) ? undefined : LIST;
  else if (isDict(self)) table = DICT;
  else {
    // A Mapping with behaviour (a Relation): its own attributes first, then the dict's methods on its view.
    const view = mappingView(self);
    if (view && !(name in (self as object)) && Object.prototype.hasOwnProperty.call(DICT, name)) return pythonMethod(view, name);
  }
  const method = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (!method) return undefined;
  return (...args: unknown[]) => {
    const result = (method as (self: unknown, ...a: unknown[]) => unknown)(self, ...args);
    // Mutating methods return None in Python.
    return result === undefined ? null : result;
  };
}
