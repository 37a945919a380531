/** Jinja2's built-in filters with Jinja2's arguments (jinja2/filters.py), and dbt's text-mode ones. */
import { getitem } from './access.js';
import { bind, splitCall } from './arguments.js';
import { JinjaError } from './errors.js';
import { formatString, percentFormat } from './format.js';
import { htmlSafeJson } from './json.js';
import { pythonMethod, title } from './methods.js';
import { add } from './operators.js';
import { eq, float, isDict, isFloat, isNumber, isSafeString, iterate, less, num, str, truthy, tuple, typeName } from './values.js';

type Filter = (this: unknown, value: unknown, ...args: unknown[]) => unknown;
type Env = { getFilter(name: string): Filter; getTest(name: string): (...a: unknown[]) => unknown };

/** `attribute='a.b'` and `attribute=0`: item lookup, as Jinja2's environment.getitem. */
function attributeGetter(attribute: unknown, fallback?: unknown): (item: unknown) => unknown {
  const parts = typeof attribute === 'string' ? attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [attribute];
  return (item) => {
    let value = item;
    for (const part of parts) {
      if (value === undefined || value === null) return fallback;
      value = getitem(value, part, String(attribute));
    }
    return value === undefined ? fallback : value;
  };
}

function sortKey(caseSensitive: unknown, attribute?: unknown): (item: unknown) => unknown {
  const get = attribute === undefined || attribute === null ? (x: unknown) => x : attributeGetter(attribute);
  return (item) => {
    const value = get(item);
    return !truthy(caseSensitive) && typeof value === 'string' ? value.toLowerCase() : value;
  };
}

function sorted(items: unknown[], key: (item: unknown) => unknown, reverse: unknown): unknown[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => (less(a.key, b.key, '<') ? -1 : less(b.key, a.key, '<') ? 1 : 0));
  if (truthy(reverse)) {
    // Python's sort(reverse=True) keeps equal items in their original order.
    keyed.reverse();
    const stable = keyed.map((k, i) => ({ ...k, i }));
    stable.sort((a, b) => (eq(a.key, b.key) ? b.i - a.i : 0) || a.i - b.i);
  }
  return keyed.map((k) => k.item);
}

/** The filter or test a `map`/`select` names, with its extra arguments. */
function callNamed(env: Env, context: unknown, kind: 'filter' | 'test', args: unknown[]): (item: unknown) => unknown {
  const { positional, kwargs } = splitCall(args);
  const name = positional[0];
  if (kind === 'test' && name === undefined) return (item) => truthy(item);
  const fn = kind === 'filter' ? env.getFilter(str(name)) : env.getTest(str(name));
  const rest = Object.keys(kwargs).length ? [...positional.slice(1), { ...kwargs, __keywords: true }] : positional.slice(1);
  return (item) => fn.call(context, item, ...rest);
}

function select(env: Env, context: unknown, value: unknown, args: unknown[], byAttribute: boolean, keep: boolean): unknown[] {
  let get = (item: unknown) => item;
  let rest = args;
  if (byAttribute) {
    get = attributeGetter(args[0]);
    rest = args.slice(1);
  }
  const test = callNamed(env, context, 'test', rest);
  // Jinja2's select/reject start with `if value:`, so none selects nothing.
  if (!truthy(value)) return [];
  return iterate(value).filter((item) => truthy(test(get(item))) === keep);
}

/** Python's round(): half to even on exact ties (2.5 -> 2), else the nearest decimal of the binary value. */
function pyRound(value: number, precision: number): number {
  const scaled = value * 10 ** precision;
  if (Math.abs(scaled % 1) === 0.5) {
    const floor = Math.floor(scaled);
    return (floor % 2 === 0 ? floor : floor + 1) / 10 ** precision;
  }
  return Number(value.toFixed(precision));
}

function toInt(value: unknown, fallback: unknown, base: number): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (isNumber(value)) return Math.trunc(num(value));
  const text = str(value).trim().replace(/_/g, '');
  if (base === 10 && /^[+-]?\d+$/.test(text)) return parseInt(text, 10);
  if (base !== 10 && text) {
    const n = parseInt(text.replace(/^0[xob]/i, ''), base);
    if (!Number.isNaN(n)) return n;
  }
  const f = Number(text);
  return text !== '' && Number.isFinite(f) ? Math.trunc(f) : fallback;
}

function first(value: unknown): unknown {
  return iterate(value)[0];
}

export function jinjaFilters(env: Env): Record<string, Filter> {
  const filters: Record<string, Filter> = {
    abs: (v) => (isFloat(v) ? float(Math.abs(num(v as number))) : Math.abs(num(v as number))),
    attr: (v, name) => (v === undefined || v === null ? undefined : getitem(v, name, 'value')),
    batch: (v, size, fill) => {
      const items = iterate(v);
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += Number(size)) out.push(items.slice(i, i + Number(size)));
      const last = out[out.length - 1];
      if (last && fill !== undefined && fill !== null) while (last.length < Number(size)) last.push(fill);
      return out;
    },
    capitalize: (v) => pythonMethod(str(v), 'capitalize')!(),
    center: (v, width = 80) => pythonMethod(str(v), 'center')!(width),
    default(v, ...args) {
      const a = bind('default()', ['default_value', 'boolean'], args);
      const fallback = a.default_value === undefined ? '' : a.default_value;
      return v === undefined || (truthy(a.boolean) && !truthy(v)) ? fallback : v;
    },
    dictsort(v, ...args) {
      const a = bind('dictsort()', ['case_sensitive', 'by', 'reverse'], args);
      if (!isDict(v)) throw new JinjaError('dictsort: you can only sort a dict');
      const index = a.by === 'value' ? 1 : 0;
      const pairs = Object.entries(v).map((p) => tuple(p));
      return sorted(pairs, (p) => sortKey(a.case_sensitive)((p as unknown[])[index]), a.reverse);
    },
    first: (v) => first(v),
    float: (v, fallback = float(0)) => {
      if (isNumber(v) || typeof v === 'boolean') return float(Number(num(v as number)));
      const n = Number(str(v).trim());
      return str(v).trim() === '' || Number.isNaN(n) ? fallback : float(n);
    },
    format: (v, ...args) => {
      const { positional, kwargs } = splitCall(args);
      return Object.keys(kwargs).length ? formatString(str(v), positional, kwargs) : percentFormat(str(v), tuple(positional));
    },
    groupby(v, ...args) {
      const a = bind('groupby()', ['attribute', 'default', 'case_sensitive'], args);
      const get = attributeGetter(a.attribute, a.default);
      const key = sortKey(a.case_sensitive, undefined);
      const groups: Array<{ grouper: unknown; list: unknown[] }> = [];
      for (const item of sorted(iterate(v), (x) => key(get(x)), false)) {
        const k = key(get(item));
        const last = groups[groups.length - 1];
        if (last && eq(key(last.grouper), k)) last.list.push(item);
        else groups.push({ grouper: get(item), list: [item] });
      }
      return groups.map((g) => Object.assign(tuple([g.grouper, g.list]), g));
    },
    indent(v, ...args) {
      const a = bind('indent()', ['width', 'first', 'blank'], args);
      const pad = typeof a.width === 'string' ? a.width : ' '.repeat(a.width === undefined ? 4 : Number(a.width));
      const lines = str(v).split('\n');
      return lines.map((line, i) => ((i === 0 && !truthy(a.first)) || (!truthy(a.blank) && line.trim() === '') ? line : pad + line)).join('\n');
    },
    int: (v, ...args) => {
      const a = bind('int()', ['default', 'base'], args);
      return toInt(v, a.default === undefined ? 0 : a.default, a.base === undefined ? 10 : Number(a.base));
    },
    items: (v) => (v === undefined ? [] : isDict(v) ? Object.entries(v).map((p) => tuple(p)) : iterate(v)),
    join(v, ...args) {
      const a = bind('join()', ['d', 'attribute'], args);
      const items = iterate(v);
      const picked = a.attribute === undefined || a.attribute === null ? items : items.map(attributeGetter(a.attribute));
      return picked.map(str).join(a.d === undefined ? '' : str(a.d));
    },
    last: (v) => {
      const items = iterate(v);
      return items[items.length - 1];
    },
    length: (v) => {
      if (v === undefined) return 0;
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (isSafeString(v)) return v.val.length;
      if (isDict(v)) return Object.keys(v).length;
      throw new JinjaError(`object of type '${typeName(v)}' has no len()`);
    },
    list: (v) => [...iterate(v)],
    lower: (v) => str(v).toLowerCase(),
    map(v, ...args) {
      // Jinja2's map starts with `if value:`, so none maps to nothing (dbt_utils.equality maps a None list).
      if (!truthy(v)) return [];
      const { positional, kwargs } = splitCall(args);
      if (positional.length === 0 && 'attribute' in kwargs) return iterate(v).map(attributeGetter(kwargs.attribute, kwargs.default));
      const fn = callNamed(env, this, 'filter', args);
      return iterate(v).map(fn);
    },
    max: (v, ...args) => extreme(v, args, 1),
    min: (v, ...args) => extreme(v, args, -1),
    reject(v, ...args) { return select(env, this, v, args, false, false); },
    rejectattr(v, ...args) { return select(env, this, v, args, true, false); },
    replace: (v, old, replacement, count) => pythonMethod(str(v), 'replace')!(old, replacement, ...(count === undefined || count === null ? [] : [count])),
    reverse: (v) => (typeof v === 'string' ? [...v].reverse().join('') : [...iterate(v)].reverse()),
    round(v, ...args) {
      const a = bind('round()', ['precision', 'method'], args);
      const p = a.precision === undefined ? 0 : Number(a.precision);
      const n = num(v as number);
      const method = a.method === undefined ? 'common' : str(a.method);
      if (method === 'common') return float(pyRound(n, p));
      if (method === 'floor') return float(Math.floor(n * 10 ** p) / 10 ** p);
      if (method === 'ceil') return float(Math.ceil(n * 10 ** p) / 10 ** p);
      throw new JinjaError('method must be common, ceil or floor');
    },
    select(v, ...args) { return select(env, this, v, args, false, true); },
    selectattr(v, ...args) { return select(env, this, v, args, true, true); },
    slice(v, count, fill) {
      const items = iterate(v);
      const n = Number(count);
      const per = Math.floor(items.length / n);
      const extra = items.length % n;
      const out: unknown[][] = [];
      let offset = 0;
      for (let i = 0; i < n; i++) {
        const size = per + (i < extra ? 1 : 0);
        const part = items.slice(offset, offset + size);
        offset += size;
        if (fill !== undefined && fill !== null && i >= extra) part.push(fill);
        out.push(part);
      }
      return out;
    },
    sort(v, ...args) {
      const a = bind('sort()', ['reverse', 'case_sensitive', 'attribute'], args);
      return sorted(iterate(v), sortKey(a.case_sensitive, a.attribute), a.reverse);
    },
    string: (v) => str(v),
    striptags: (v) => str(v).replace(/<!--.*?-->|<[^>]*>/gs, '').replace(/\s+/g, ' ').trim(),
    sum(v, ...args) {
      const a = bind('sum()', ['attribute', 'start'], args);
      const items = a.attribute === undefined ? iterate(v) : iterate(v).map(attributeGetter(a.attribute));
      let total: unknown = a.start === undefined ? 0 : a.start;
      for (const item of items) total = add(total, item);
      return total;
    },
    title: (v) => title(str(v)),
    tojson: (v, indent) => htmlSafeJson(v, indent === undefined || indent === null ? undefined : Number(indent)),
    trim: (v, chars) => pythonMethod(str(v), 'strip')!(chars),
    truncate(v, ...args) {
      const a = bind('truncate()', ['length', 'killwords', 'end', 'leeway'], args);
      const s = str(v);
      const length = a.length === undefined ? 255 : Number(a.length);
      const end = a.end === undefined ? '...' : str(a.end);
      const leeway = a.leeway === undefined ? 5 : Number(a.leeway);
      if (length < end.length) throw new JinjaError(`truncate: expected length >= ${end.length}, got ${length}`);
      if (s.length <= length + leeway) return s;
      if (truthy(a.killwords)) return s.slice(0, length - end.length) + end;
      const cut = s.slice(0, length - end.length);
      const space = cut.lastIndexOf(' ');
      return (space >= 0 ? cut.slice(0, space) : cut) + end;
    },
    unique(v, ...args) {
      const a = bind('unique()', ['case_sensitive', 'attribute'], args);
      const key = sortKey(a.case_sensitive, a.attribute);
      const seen: unknown[] = [];
      return iterate(v).filter((item) => {
        const k = key(item);
        if (seen.some((s) => eq(s, k))) return false;
        seen.push(k);
        return true;
      });
    },
    upper: (v) => str(v).toUpperCase(),
    urlencode: (v) => (isDict(v) ? Object.entries(v).map(([k, x]) => `${encode(k)}=${encode(str(x))}`).join('&') : encode(str(v))),
    wordcount: (v) => (str(v).match(/\w+/g) ?? []).length,
    safe: (v) => v,
    // dbt's filters in text mode: they only mark a value for the native renderer.
    as_text: (v) => v,
    as_bool: (v) => v,
    as_native: (v) => v,
    as_number: (v) => v,
  };
  filters.d = filters.default!;
  filters.count = filters.length!;
  filters.e = filters.escape = filters.forceescape = (v) => str(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
  return filters;
}

function encode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '%20').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%2F/g, '/');
}

function extreme(value: unknown, args: unknown[], sign: 1 | -1): unknown {
  const a = bind(sign > 0 ? 'max()' : 'min()', ['case_sensitive', 'attribute'], args);
  const items = iterate(value);
  if (items.length === 0) return undefined;
  const key = sortKey(a.case_sensitive, a.attribute);
  let best = items[0];
  for (const item of items.slice(1)) {
    if (sign > 0 ? less(key(best), key(item), '<') : less(key(item), key(best), '<')) best = item;
  }
  return best;
}
