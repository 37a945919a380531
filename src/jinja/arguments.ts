import { JinjaError } from './errors.js';

export type Kwargs = Record<string, unknown>;

/** nunjucks passes keyword arguments as a trailing object marked `__keywords`. */
export function isKeywords(value: unknown): value is Kwargs & { __keywords: true } {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, '__keywords');
}

export function splitCall(args: readonly unknown[]): { positional: unknown[]; kwargs: Kwargs } {
  const last = args[args.length - 1];
  if (isKeywords(last)) {
    const { __keywords: _drop, ...kwargs } = last;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: [...args], kwargs: {} };
}

export function keywords(kwargs: Kwargs): Kwargs {
  return Object.defineProperty({ ...kwargs }, '__keywords', { value: true, enumerable: false });
}

/**
 * Binds a call's arguments to parameter names as Python does (positional first, then by keyword);
 * `what` names the function in errors. Missing parameters are undefined.
 */
export function bind(what: string, names: readonly string[], args: readonly unknown[]): Record<string, unknown> {
  const { positional, kwargs } = splitCall(args);
  if (positional.length > names.length) {
    throw new JinjaError(`${what} takes at most ${names.length} argument${names.length === 1 ? '' : 's'} (${positional.length} given)`);
  }
  const bound: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (i < positional.length) bound[name] = positional[i];
  });
  for (const [key, value] of Object.entries(kwargs)) {
    if (!names.includes(key)) throw new JinjaError(`${what} got an unexpected keyword argument '${key}'`);
    if (key in bound) throw new JinjaError(`${what} got multiple values for argument '${key}'`);
    bound[key] = value;
  }
  return bound;
}

/** `f(*items, **mapping)`: positional and keyword arguments spread into the call's argument list. */
export function spreadArgs(positional: unknown[], star: unknown, kwargs: Kwargs | undefined, doubleStar: unknown): unknown[] {
  const args = [...positional];
  if (star !== undefined) {
    if (!Array.isArray(star) && typeof star !== 'string') throw new JinjaError('the argument after * must be a list or tuple');
    args.push(...star);
  }
  let merged: Kwargs | undefined = kwargs ? { ...kwargs } : undefined;
  if (doubleStar !== undefined) {
    if (doubleStar === null || typeof doubleStar !== 'object' || Array.isArray(doubleStar)) {
      throw new JinjaError('the argument after ** must be a dict');
    }
    merged = { ...merged, ...(doubleStar as Kwargs) };
  }
  if (merged && Object.keys(merged).length > 0) args.push(keywords(merged));
  return args;
}
