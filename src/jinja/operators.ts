/** Jinja2's operators with Python's meaning: `'ab' * 2`, `[1] + [2]`, `'%s' % x`, `7 / 2`, `a in b`. */
import { JinjaError } from './errors.js';
import { percentFormat } from './format.js';
import { eq, float, isDict, isFloat, isNumber, isSafeString, isTuple, less, num, str, tuple, typeName } from './values.js';

/** Python's operator methods on weir's Python-like objects (dates, timedeltas): undefined when they do not apply. */
export function dunder(a: unknown, method: string, b: unknown): unknown {
  const fn = a !== null && typeof a === 'object' ? (a as Record<string, unknown>)[method] : undefined;
  return typeof fn === 'function' ? (fn as (x: unknown) => unknown).call(a, b) : undefined;
}

function unsupported(op: string, a: unknown, b: unknown): JinjaError {
  return new JinjaError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function numeric(value: unknown): value is number | boolean {
  return isNumber(value) || typeof value === 'boolean';
}

function n(value: unknown): number {
  return typeof value === 'boolean' ? Number(value) : num(value);
}

/** The result of arithmetic on a and b: a float if either was one. */
function result(value: number, a: unknown, b: unknown): number {
  return isFloat(a) || isFloat(b) ? float(value) : value;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : isSafeString(value) ? value.val : undefined;
}

export function add(a: unknown, b: unknown): unknown {
  if (numeric(a) && numeric(b)) return result(n(a) + n(b), a, b);
  const ta = text(a);
  const tb = text(b);
  if (ta !== undefined && tb !== undefined) return ta + tb;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
  const hooked = dunder(a, '__add__', b) ?? dunder(b, '__add__', a);
  if (hooked !== undefined) return hooked;
  throw unsupported('+', a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  if (numeric(a) && numeric(b)) return result(n(a) - n(b), a, b);
  const hooked = dunder(a, '__sub__', b);
  if (hooked !== undefined) return hooked;
  throw unsupported('-', a, b);
}

function repeat(seq: unknown, times: unknown): unknown {
  const count = Math.max(0, n(times));
  const s = text(seq);
  if (s !== undefined) return s.repeat(count);
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) items.push(...(seq as unknown[]));
  return isTuple(seq) ? tuple(items) : items;
}

function isSequence(value: unknown): boolean {
  return text(value) !== undefined || Array.isArray(value);
}

function isInt(value: unknown): boolean {
  return typeof value === 'boolean' || (isNumber(value) && !isFloat(value));
}

export function mul(a: unknown, b: unknown): unknown {
  if (numeric(a) && numeric(b)) return result(n(a) * n(b), a, b);
  if (isSequence(a) && isInt(b)) return repeat(a, b);
  if (isInt(a) && isSequence(b)) return repeat(b, a);
  throw unsupported('*', a, b);
}

function divisor(b: unknown, what: string): number {
  const d = n(b);
  if (d === 0) throw new JinjaError(what);
  return d;
}

export function div(a: unknown, b: unknown): unknown {
  if (numeric(a) && numeric(b)) return float(n(a) / divisor(b, 'division by zero'));
  throw unsupported('/', a, b);
}

export function floordiv(a: unknown, b: unknown): unknown {
  if (numeric(a) && numeric(b)) return result(Math.floor(n(a) / divisor(b, 'integer division or modulo by zero')), a, b);
  throw unsupported('//', a, b);
}

export function mod(a: unknown, b: unknown): unknown {
  const format = text(a);
  if (format !== undefined) return percentFormat(format, b);
  if (numeric(a) && numeric(b)) {
    const d = divisor(b, 'integer division or modulo by zero');
    const r = n(a) % d;
    return result(r !== 0 && r < 0 !== d < 0 ? r + d : r, a, b);
  }
  throw unsupported('%', a, b);
}

export function pow(a: unknown, b: unknown): unknown {
  if (numeric(a) && numeric(b)) {
    const value = n(a) ** n(b);
    return isInt(a) && isInt(b) && n(b) >= 0 ? value : float(value);
  }
  throw unsupported('** or pow()', a, b);
}

export function neg(a: unknown): unknown {
  if (numeric(a)) return result(-n(a), a, a);
  throw new JinjaError(`bad operand type for unary -: '${typeName(a)}'`);
}

export function pos(a: unknown): unknown {
  if (numeric(a)) return result(n(a), a, a);
  throw new JinjaError(`bad operand type for unary +: '${typeName(a)}'`);
}

/** `a ~ b`: both as strings (Jinja's Undefined is ''). */
export function concat(a: unknown, b: unknown): string {
  return str(a) + str(b);
}

/** `item in container`. */
export function contains(item: unknown, container: unknown): boolean {
  const s = text(container);
  if (s !== undefined) {
    const sub = text(item);
    if (sub === undefined) throw new JinjaError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return s.includes(sub);
  }
  if (Array.isArray(container)) return container.some((x) => eq(x, item));
  if (isDict(container)) return Object.prototype.hasOwnProperty.call(container, str(item));
  if (container === undefined) throw new JinjaError("argument of type 'Undefined' is not iterable");
  if (container !== null && typeof container === 'object') {
    const iterable = container as Iterable<unknown> & { has?: (x: unknown) => boolean };
    if (typeof iterable.has === 'function') return iterable.has(item);
    if (typeof iterable[Symbol.iterator] === 'function') return [...iterable].some((x) => eq(x, item));
  }
  throw new JinjaError(`argument of type '${typeName(container)}' is not iterable`);
}

/** One comparison of a chain: `==`, `!=`, `<`, `>`, `<=`, `>=`, `in`, `notin`. */
export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==': return eq(a, b);
    case '!=': return !eq(a, b);
    case '<': return less(a, b, op);
    case '>': return less(b, a, op);
    case '<=': return !less(b, a, op);
    case '>=': return !less(a, b, op);
    case 'in': return contains(a, b);
    case 'notin': return !contains(a, b);
    default: throw new JinjaError(`unknown comparison '${op}'`);
  }
}
