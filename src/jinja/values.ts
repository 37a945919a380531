/**
 * Python's values as Jinja2 sees them, on JavaScript's: list = Array, tuple = Array marked as one,
 * dict = plain object, None = null, Jinja's Undefined = undefined, int = integral number, float =
 * non-integral number or a PyFloat (a float whose value is integral, so `4 / 2` prints `2.0`).
 */
import { JinjaError } from './errors.js';

const TUPLE = Symbol('tuple');

/** A float with an integral value: prints `2.0`, compares and computes as the number 2. */
export class PyFloat extends Number {
  override toString(): string {
    return formatFloat(this.valueOf());
  }
  toJSON(): number {
    return this.valueOf();
  }
}

export function tuple<T>(items: T[]): T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

const SET = Symbol('set');

/** Python's set() as dbt templates use it: a list without repeats that compares equal whatever its order. */
export function pySet<T>(items: T[]): T[] {
  Object.defineProperty(items, SET, { value: true });
  return items;
}

export function isPySet(value: unknown): boolean {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[SET] === true;
}

export function isTuple(value: unknown): boolean {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

/** A float result: integral values are boxed so that they print as Python prints floats. */
export function float(n: number): number {
  return Number.isInteger(n) ? (new PyFloat(n) as unknown as number) : n;
}

export function isNumber(value: unknown): value is number {
  return (typeof value === 'number' || value instanceof PyFloat);
}

export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

export function num(value: unknown): number {
  return value instanceof PyFloat ? value.valueOf() : (value as number);
}

/**
 * An object that is a Python Mapping besides having behaviour (dbt's Relation): `is mapping` holds,
 * and `.get()`/`.keys()`/`.items()` read the dict this method returns.
 */
export const MAPPING_VIEW = Symbol.for('weir.jinja.mappingView');

/** The dict a MAPPING_VIEW object stands for, or undefined for any other value. */
export function mappingView(value: unknown): Record<string, unknown> | undefined {
  const view = value !== null && typeof value === 'object' ? (value as Record<symbol, unknown>)[MAPPING_VIEW] : undefined;
  return typeof view === 'function' ? (view as () => Record<string, unknown>).call(value) : undefined;
}

/** A plain object that is data (a dict), not an object with behaviour such as `run_started_at`. */
export function isDict(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return typeof (value as Record<string, unknown>).toString !== 'function' || !Object.prototype.hasOwnProperty.call(value, 'toString');
}

/** nunjucks' SafeString (what its own helpers return): a string for every purpose here. */
export function isSafeString(value: unknown): value is { val: string } {
  return value !== null && typeof value === 'object' && (value as { constructor?: { name?: string } }).constructor?.name === 'SafeString';
}

export function typeName(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (isNumber(value)) return isFloat(value) ? 'float' : 'int';
  if (typeof value === 'string' || isSafeString(value)) return 'str';
  if (isTuple(value)) return 'tuple';
  if (Array.isArray(value)) return 'list';
  if (isDict(value)) return 'dict';
  if (typeof value === 'function') return 'function';
  return (value as object).constructor?.name ?? 'object';
}

/** Python's truthiness. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (value instanceof PyFloat) return value.valueOf() !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isSafeString(value)) return value.val.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    // Python's repr switches to exponent notation at these bounds, with at least two exponent digits.
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2').replace(/\.0e/, 'e');
  }
  return String(n);
}

/** Python's str(). */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatFloat(value);
  if (value instanceof PyFloat) return value.toString();
  if (isSafeString(value)) return value.val;
  if (Array.isArray(value) || isDict(value)) return repr(value);
  if (typeof value === 'function') return `<function ${value.name || 'macro'}>`;
  return String(value);
}

/** Python's repr(). */
export function repr(value: unknown): string {
  if (typeof value === 'string' || isSafeString(value)) return reprString(str(value));
  if (isTuple(value)) {
    const items = (value as unknown[]).map(repr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (isPySet(value)) return (value as unknown[]).length === 0 ? 'set()' : `{${(value as unknown[]).map(repr).join(', ')}}`;
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (isDict(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${reprString(k)}: ${repr(v)}`).join(', ')}}`;
  }
  if (value === undefined) return 'Undefined';
  return str(value);
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's ==. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isSafeString(a)) a = a.val;
  if (isSafeString(b)) b = b.val;
  const na = typeof a === 'boolean' ? Number(a) : a;
  const nb = typeof b === 'boolean' ? Number(b) : b;
  if (isNumber(na) && isNumber(nb)) return num(na) === num(nb);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isPySet(a) !== isPySet(b)) return false;
    if (isPySet(a)) return a.length === b.length && a.every((item) => b.some((other) => eq(item, other)));
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((item, i) => eq(item, b[i]));
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && eq(a[k], b[k]));
  }
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (a && typeof a === 'object' && typeof (a as { __eq__?: unknown }).__eq__ === 'function') return (a as { __eq__(x: unknown): boolean }).__eq__(b);
  // Relations and other objects that print: equal when they print the same (dbt compares relations so).
  if (a && b && typeof a === 'object' && typeof b === 'object' && a.constructor === b.constructor && typeof a.toString === 'function') {
    return !isDict(a) && String(a) === String(b);
  }
  return false;
}

/** Python's ordering (<): numbers, strings, lists and tuples; anything else is a TypeError. */
export function less(a: unknown, b: unknown, op: string): boolean {
  const na = typeof a === 'boolean' ? Number(a) : a;
  const nb = typeof b === 'boolean' ? Number(b) : b;
  if (isNumber(na) && isNumber(nb)) return num(na) < num(nb);
  if (isSafeString(a)) a = a.val;
  if (isSafeString(b)) b = b.val;
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!eq(a[i], b[i])) return less(a[i], b[i], op);
    }
    return a.length < b.length;
  }
  const hooked = a && typeof a === 'object' && typeof (a as { __lt__?: unknown }).__lt__ === 'function' ? (a as { __lt__(x: unknown): unknown }).__lt__(b) : undefined;
  if (typeof hooked === 'boolean') return hooked;
  throw new JinjaError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** The items a `for` loop (or list()) walks: a dict's keys, a string's characters. */
export function iterate(value: unknown, what = 'value'): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined) return [];
  if (typeof value === 'string') return [...value];
  if (isSafeString(value)) return [...value.val];
  if (isDict(value)) return Object.keys(value);
  if (value !== null && typeof value === 'object' && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return [...(value as Iterable<unknown>)];
  }
  throw new JinjaError(`'${typeName(value)}' object is not iterable (${what})`);
}
