/** Attribute and item access, slicing and calls as Jinja2 does them (`x.y` tries the attribute first, `x['y']` the item). */
import { JinjaError } from './errors.js';
import { pythonMethod } from './methods.js';
import { isDict, isSafeString, isTuple, num, repr, str, tuple, typeName } from './values.js';

/** `namespace(...)`: the one object whose attributes `{% set ns.x = ... %}` may assign. */
export class Namespace {
  constructor(values: Record<string, unknown>) {
    Object.assign(this, values);
  }
  toString(): string {
    return `<Namespace ${repr({ ...this })}>`;
  }
}

function missingTarget(target: unknown, what: string): JinjaError {
  return target === null
    ? new JinjaError(`'None' has no attribute '${what}'`)
    : new JinjaError(`'${what}' is undefined`);
}

function own(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function member(obj: object, key: string): unknown {
  const value = (obj as Record<string, unknown>)[key];
  if (typeof value !== 'function' || own(Object.prototype, key)) return value;
  // Bound to its object (methods use `this`), keeping its own attributes (`datetime.strptime`).
  const bound = (value as (...a: unknown[]) => unknown).bind(obj);
  return Object.keys(value).length > 0 ? Object.assign(bound, value) : bound;
}

/** `obj.name`: `described` is the template's text for obj, for the error when obj is undefined. */
export function getattr(obj: unknown, name: string, described: string): unknown {
  if (obj === undefined || obj === null) throw missingTarget(obj, obj === null ? name : described);
  if (isSafeString(obj)) obj = obj.val;
  const method = pythonMethod(obj, name);
  if (method) return method;
  if (typeof obj === 'string') return undefined;
  // A list's own named fields: groupby's groups have .grouper and .list.
  if (Array.isArray(obj)) return own(obj, name) && !/^\d+$/.test(name) ? (obj as unknown as Record<string, unknown>)[name] : undefined;
  if (isDict(obj)) return own(obj, name) ? member(obj, name) : undefined;
  if (typeof obj !== 'object' && typeof obj !== 'function') return undefined;
  if (own(Object.prototype, name) && !own(obj as object, name)) return undefined;
  return member(obj as object, name);
}

function index(length: number, key: number): number | undefined {
  const i = key < 0 ? length + key : key;
  return Number.isInteger(i) && i >= 0 && i < length ? i : undefined;
}

/** `obj[key]`. */
export function getitem(obj: unknown, key: unknown, described: string): unknown {
  if (obj === undefined) throw missingTarget(obj, described);
  if (obj === null) throw new JinjaError("'NoneType' object is not subscriptable");
  if (isSafeString(obj)) obj = obj.val;
  if (typeof obj === 'string' || Array.isArray(obj)) {
    if (typeof key === 'number' || typeof key === 'boolean') {
      const i = index(obj.length, num(key as number));
      return i === undefined ? undefined : obj[i];
    }
    return typeof key === 'string' ? getattr(obj, key, described) : undefined;
  }
  const k = str(key);
  if (isDict(obj)) return own(obj, k) ? obj[k] : getattr(obj, k, described);
  if (typeof obj === 'object' || typeof obj === 'function') return getattr(obj, k, described);
  throw new JinjaError(`'${typeName(obj)}' object is not subscriptable`);
}

function bound(value: unknown, length: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const i = num(value as number);
  if (i < 0) return Math.max(0, length + i);
  return Math.min(i, length);
}

/** `obj[start:stop:step]` on a list, tuple or string. */
export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (isSafeString(obj)) obj = obj.val;
  if (typeof obj !== 'string' && !Array.isArray(obj)) throw new JinjaError(`'${typeName(obj)}' object is not subscriptable`);
  const items = typeof obj === 'string' ? [...obj] : obj;
  const s = step === undefined || step === null ? 1 : num(step as number);
  if (s === 0) throw new JinjaError('slice step cannot be zero');
  const picked: unknown[] = [];
  if (s > 0) {
    for (let i = bound(start, items.length, 0); i < bound(stop, items.length, items.length); i += s) picked.push(items[i]);
  } else {
    const from = start === undefined || start === null ? items.length - 1 : Math.min(bound(start, items.length, 0), items.length - 1);
    const to = stop === undefined || stop === null ? -1 : bound(stop, items.length, 0);
    for (let i = from; i > to; i += s) picked.push(items[i]);
  }
  if (typeof obj === 'string') return picked.join('');
  return isTuple(obj) ? tuple(picked) : picked;
}

/** Calls what a template names: `described` is its text, for the error when it is not callable. */
export function call(fn: unknown, described: string, context: unknown, args: unknown[]): unknown {
  if (typeof fn !== 'function') {
    if (fn === undefined) throw new JinjaError(`Unable to call \`${described}\`, which is undefined or falsey`);
    throw new JinjaError(`'${typeName(fn)}' object is not callable (${described})`);
  }
  return (fn as (...a: unknown[]) => unknown).apply(context, args);
}

/** `obj.name(args)`: an unknown method is named in Jinja's words. */
export function callMethod(obj: unknown, name: string, described: string, context: unknown, args: unknown[]): unknown {
  const fn = getattr(obj, name, described);
  if (fn === undefined) {
    // JavaScript's spelling of a Python method (startsWith, toUpperCase) is a common slip.
    const python = { startsWith: 'startswith', endsWith: 'endswith', toUpperCase: 'upper', toLowerCase: 'lower', trim: 'strip', includes: "'in'", indexOf: 'find', push: 'append' }[name];
    const hint = python && (python.startsWith("'") || getattr(obj, python, described) !== undefined) ? ` (Jinja uses Python's ${python})` : '';
    throw new JinjaError(`'${typeName(obj)} object' has no attribute '${name}'${hint}`);
  }
  return call(fn, `${described}.${name}`, context, args);
}

/** `{% set ns.name = value %}`. */
export function setattr(obj: unknown, name: string, value: unknown): void {
  if (!(obj instanceof Namespace)) throw new JinjaError('cannot assign attribute on non-namespace object');
  (obj as unknown as Record<string, unknown>)[name] = value;
}

/**
 * `{{ value }}`: Python's str(); printing an undefined value is an error (weir is strict where dbt
 * prints ''), except while `execute` is false: that render only collects refs and config, and a
 * value that comes from the warehouse (run_query's answer) is undefined there in dbt too.
 */
export function output(value: unknown, context?: { ctx?: Record<string, unknown> }): string {
  if (value === undefined) {
    if (context?.ctx?.execute === false) return '';
    throw new JinjaError('attempted to output null or undefined value');
  }
  return str(value);
}

/** `{{ name }}` of a name the template sets on some path: unset, it prints '' (Jinja2's Undefined). */
export function outputSet(value: unknown): string {
  return value === undefined ? '' : str(value);
}
