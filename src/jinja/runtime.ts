/**
 * What compiled templates call (as `env.py.*`): Python's semantics for every operation, so a
 * template renders as Jinja2 renders it.
 */
import { call as callValue, callMethod, getattr, getitem, output, outputSet, setattr, slice } from './access.js';
import { keywords, splitCall, spreadArgs } from './arguments.js';
import { JinjaError, MacroReturn } from './errors.js';
import { LoopContext } from './loop.js';
import { add, compare, concat, div, floordiv, mod, mul, neg, pos, pow, sub } from './operators.js';
import { float, iterate, str, truthy, tuple } from './values.js';

interface Filters {
  getFilter(name: string): (...args: unknown[]) => unknown;
  getTest(name: string): (...args: unknown[]) => unknown;
}

interface MacroFlags {
  readonly varargs: boolean;
  readonly kwargs: boolean;
  readonly caller: boolean;
}

type MacroBody = (values: unknown[], varargs: unknown[], kwargs: Record<string, unknown>, caller: unknown) => unknown;

/** A macro as a function with Jinja2's argument rules (extra arguments are errors unless it reads varargs/kwargs). */
function macro(name: string, argNames: readonly string[], flags: MacroFlags, body: MacroBody) {
  return function jinjaMacro(this: unknown, ...args: unknown[]): unknown {
    const { positional, kwargs } = splitCall(args);
    if (positional.length > argNames.length && !flags.varargs) {
      throw new JinjaError(`macro '${name}' takes not more than ${argNames.length} argument(s)`);
    }
    const values = positional.slice(0, argNames.length);
    const extra: Record<string, unknown> = {};
    let caller: unknown;
    for (const [key, value] of Object.entries(kwargs)) {
      const at = argNames.indexOf(key);
      if (at >= 0) {
        if (at < positional.length) throw new JinjaError(`macro '${name}' got multiple values for argument '${key}'`);
        values[at] = value;
      } else if (key === 'caller' && flags.caller) caller = value;
      else if (flags.kwargs) extra[key] = value;
      else throw new JinjaError(`macro '${name}' takes no keyword argument '${key}'`);
    }
    return body(values, tuple(positional.slice(argNames.length)), extra, caller);
  };
}

function compareChain(first: unknown, ops: unknown[]): boolean {
  let left = first;
  for (let i = 0; i < ops.length; i += 2) {
    const right = (ops[i + 1] as () => unknown)();
    if (!compare(ops[i] as string, left, right)) return false;
    left = right;
  }
  return true;
}

function unpack(value: unknown, count: number): unknown[] {
  const items = iterate(value);
  if (items.length !== count) {
    throw new JinjaError(items.length < count ? `not enough values to unpack (expected ${count}, got ${items.length})` : `too many values to unpack (expected ${count})`);
  }
  return items;
}

function dict(pairs: Array<[unknown, unknown]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of pairs) result[str(key)] = value;
  return result;
}

/** Frames holding macro arguments the call left out (Undefined there, whatever the context has). */
const UNSET = Symbol('unset arguments');

function markUnset(frame: Record<PropertyKey, unknown>, name: string): void {
  ((frame[UNSET] as Set<string> | undefined) ?? (frame[UNSET] = new Set<string>()) as Set<string>).add(name);
}

/** nunjucks' contextOrFrameLookup, stopping at a frame where the name is an argument left out. */
function lookupName(context: { lookup(name: string): unknown }, frame: { variables: Record<string, unknown>; parent: unknown } | undefined, name: string): unknown {
  for (let f = frame; f; f = f.parent as typeof frame) {
    const value = f.variables[name];
    if (value !== undefined) return value;
    if ((f as unknown as Record<PropertyKey, Set<string> | undefined>)[UNSET]?.has(name)) return undefined;
  }
  return context.lookup(name);
}

export const jinjaRuntime = {
  markUnset,
  lookupName,
  float,
  tuple,
  dict,
  truthy,
  or: (left: unknown, right: () => unknown) => (truthy(left) ? left : right()),
  and: (left: unknown, right: () => unknown) => (truthy(left) ? right() : left),
  add, sub, mul, div, floordiv, mod, pow, neg, pos, concat, compare, compareChain,
  getattr, getitem, slice, setattr, output, outputSet, unpack, iterate,
  call(fn: unknown, described: string, context: unknown, args: unknown[]): unknown {
    if (fn instanceof LoopContext) return fn.call(args[0]);
    return callValue(fn, described, context, args);
  },
  callMethod,
  withKeywords: (positional: unknown[], kwargs: Record<string, unknown>) => [...positional, keywords(kwargs)],
  spreadArgs,
  filter(env: Filters, name: string, context: unknown, value: unknown, args: unknown[]): unknown {
    return env.getFilter(name).call(context, value, ...args);
  },
  test(env: Filters, name: string, context: unknown, value: unknown, args: unknown[]): boolean {
    return env.getTest(name).call(context, value, ...args) === true;
  },
  macro,
  LoopContext,
  MacroReturn,
};
