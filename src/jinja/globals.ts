/** Jinja2's global functions (range, dict, namespace, cycler, joiner, lipsum) and dbt's return(). */
import { Namespace } from './access.js';
import { splitCall } from './arguments.js';
import { JinjaError, MacroReturn } from './errors.js';
import { isDict, num, str } from './values.js';

/** Jinja2's sandbox refuses ranges longer than this (dbt renders in the sandbox). */
const MAX_RANGE = 100000;

function range(...args: unknown[]): number[] {
  const n = args.map((a) => num(a as number));
  const [start, stop, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
  if (step === 0) throw new JinjaError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
    if (out.length > MAX_RANGE) throw new JinjaError(`range too big, maximum size for range is ${MAX_RANGE}.`);
  }
  return out;
}

function dict(...args: unknown[]): Record<string, unknown> {
  const { positional, kwargs } = splitCall(args);
  const result: Record<string, unknown> = {};
  const from = positional[0];
  if (isDict(from)) Object.assign(result, from);
  else if (Array.isArray(from)) for (const pair of from as unknown[][]) result[str(pair[0])] = pair[1];
  return Object.assign(result, kwargs);
}

class Cycler {
  private position = 0;
  constructor(private readonly items: unknown[]) {}
  get current(): unknown {
    return this.items[this.position];
  }
  next(): unknown {
    const value = this.current;
    this.position = (this.position + 1) % this.items.length;
    return value;
  }
  reset(): void {
    this.position = 0;
  }
}

export function jinjaGlobals(): Record<string, unknown> {
  return {
    range,
    dict,
    namespace: (...args: unknown[]) => new Namespace(dict(...args)),
    cycler: (...items: unknown[]) => new Cycler(items),
    joiner: (sep: unknown = ', ') => {
      let used = false;
      return () => {
        if (!used) {
          used = true;
          return '';
        }
        return str(sep);
      };
    },
    lipsum: () => {
      throw new JinjaError('lipsum() is not supported');
    },
    // dbt's: ends the macro being called with a value (any type, not just text).
    return: (value: unknown) => {
      throw new MacroReturn(value);
    },
  };
}
