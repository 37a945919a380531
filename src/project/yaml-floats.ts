import { isPair, isScalar, isSeq, visit, type Document, type Scalar } from 'yaml';
import { pythonFloat } from '../jinja/index.js';

const TEST_LISTS = new Set(['data_tests', 'tests']);

/**
 * `accepted_values: {values: [1.0]}`: PyYAML reads 1.0 as a float, which dbt prints '1.0' in the
 * test's name, unique_id hash and SQL; JavaScript's 1.0 is the integer 1. Under a test list only
 * (elsewhere a plain number is what every schema expects), a whole number written as a float is
 * kept a Python float in the parsed value.
 */
export function keepTestFloats(doc: Document, value: unknown): void {
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || !isWholeFloat(node)) return;
      const keys = jsPath([...path, node]);
      if (keys && keys.some((k) => typeof k === 'string' && TEST_LISTS.has(k))) setIn(value, keys, pythonFloat(node.value as number));
    },
  });
}

/** A float literal (`1.0`, `2.50e3`) whose value JavaScript holds as a whole number. */
function isWholeFloat(node: Scalar): boolean {
  if (typeof node.value !== 'number' || !Number.isInteger(node.value)) return false;
  return (node.minFractionDigits ?? 0) > 0 || /^[-+]?\d[\d_]*\.\d*(?:[eE][-+]?\d+)?$/.test(node.source ?? '');
}

/** The keys from the document's root to the last of `nodes` (each map value by its key, each list item by its index). */
function jsPath(nodes: readonly unknown[]): Array<string | number> | undefined {
  const keys: Array<string | number> = [];
  for (let i = 1; i < nodes.length; i++) {
    const parent = nodes[i - 1];
    const child = nodes[i];
    if (isPair(child)) {
      if (!isScalar(child.key)) return undefined;
      keys.push(String(child.key.value));
    } else if (isSeq(parent)) keys.push(parent.items.indexOf(child as never));
  }
  return keys;
}

function setIn(root: unknown, keys: ReadonlyArray<string | number>, value: unknown): void {
  let at = root as Record<string | number, unknown> | undefined;
  for (const key of keys.slice(0, -1)) at = at?.[key] as Record<string | number, unknown> | undefined;
  if (at && typeof at === 'object') at[keys[keys.length - 1]!] = value;
}
