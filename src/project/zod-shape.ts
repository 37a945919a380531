import type { z } from 'zod';

/**
 * The keys an object schema allows at `path`, for "allowed here: ..." hints. Walks through the
 * wrappers zod puts around objects (optional, default, nullable, arrays, records, unions).
 */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: unknown = schema;
  for (const key of [...path, undefined]) {
    current = unwrap(current);
    const def = defOf(current);
    if (!def) return undefined;
    if (key === undefined) {
      return def.type === 'object' ? Object.keys(def.shape as object) : undefined;
    }
    if (def.type === 'object') current = (def.shape as Record<string, unknown>)[String(key)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return undefined;
}

interface Def {
  type: string;
  [key: string]: unknown;
}

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (!def) return current;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe') {
      current = def.in;
    } else if (def.type === 'union') {
      // Prefer the object member of a union (e.g. `string | {…}`), since that is where keys live.
      const options = def.options as unknown[];
      current = options.find((o) => defOf(unwrap(o))?.type === 'object') ?? options[0];
      if (defOf(current)?.type === 'union') return current;
    } else {
      return current;
    }
  }
}
