import { SelectorError } from './errors.js';
import { parseSelector, type SelectorAtom } from './selector-parse.js';

/** dbt's indirect selection: which tests come along with the nodes they test. */
export const INDIRECT_MODES = ['eager', 'cautious', 'buildable', 'empty'] as const;
export type IndirectSelection = (typeof INDIRECT_MODES)[number];

/**
 * A selection as a tree: what `--select`/`--exclude` and a selectors.yml definition both become.
 * Atoms carry their own indirect-selection mode (a yml criterion may set one).
 */
export type SelectorExpression =
  | { readonly kind: 'atom'; readonly atom: SelectorAtom; readonly indirect?: IndirectSelection | undefined }
  | { readonly kind: 'all' }
  | {
      readonly kind: 'union' | 'intersection';
      readonly items: readonly SelectorExpression[];
      /** What is taken away from the combined items (dbt's `exclude:`). */
      readonly exclude?: SelectorExpression | undefined;
    };

/** A selector of selectors.yml as the project read it (plain data; `definition` as written). */
export interface NamedSelector {
  readonly name: string;
  readonly description?: string | undefined;
  readonly default?: boolean | undefined;
  readonly definition: unknown;
}

/** A mistake in a yml selector, with the key path inside `selectors.yml` so the caller can name the line. */
export class SelectorDefinitionError extends SelectorError {
  readonly path: readonly (string | number)[];
  constructor(selector: string, path: readonly (string | number)[], problem: string) {
    super(selector, problem);
    this.name = 'SelectorDefinitionError';
    this.path = path;
  }
}

/** CLI text: space-separated terms (union) of comma-joined atoms (intersection). */
export function parseCliText(values: readonly string[], indirect?: IndirectSelection): SelectorExpression[] {
  const terms = values.flatMap((value) => value.split(/\s+/)).filter((term) => term.length > 0);
  return terms.map((term) => {
    const atoms = term.split(',');
    if (atoms.some((atom) => atom.length === 0)) {
      throw new SelectorError(term, 'a comma must sit between two criteria, as in tag:nightly,path:models/marts');
    }
    const items = atoms.map((atom): SelectorExpression => ({ kind: 'atom', atom: parseSelector(atom), indirect }));
    return items.length === 1 ? items[0]! : { kind: 'intersection', items };
  });
}

const METHOD_KEYS = new Set(['method', 'value', 'parents', 'children', 'parents_depth', 'children_depth', 'childrens_parents', 'indirect_selection', 'exclude']);

/**
 * A selectors.yml `definition` as dbt reads it: a CLI-style string, `method: value`, a full
 * `{method, value, parents, children, ..._depth, childrens_parents, indirect_selection}` mapping,
 * `union:` / `intersection:` lists (one of whose items may be `exclude:`), and `method: selector`
 * to reuse another selector. Throws SelectorDefinitionError with the key path of the mistake.
 */
export function parseDefinition(
  selectors: ReadonlyMap<string, NamedSelector>,
  name: string,
  indirect?: IndirectSelection,
): SelectorExpression {
  const parse = (value: unknown, path: (string | number)[], seen: readonly string[]): SelectorExpression => {
    const fail = (problem: string): never => {
      throw new SelectorDefinitionError(seen[seen.length - 1]!, path, problem);
    };
    if (typeof value === 'string') {
      const items = wrap(() => parseCliText([value], indirect), fail);
      return items.length === 1 ? items[0]! : { kind: 'union', items };
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return fail('a definition is a string, a mapping with method and value, or a union/intersection list');
    }
    const map = value as Record<string, unknown>;
    const keys = Object.keys(map);
    for (const op of ['union', 'intersection'] as const) {
      if (!(op in map)) continue;
      if (keys.length > 1) fail(`'${op}' must be the only key of its mapping (found ${keys.join(', ')})`);
      const list = map[op];
      if (!Array.isArray(list) || list.length === 0) fail(`'${op}' takes a list of definitions`);
      const items: SelectorExpression[] = [];
      let exclude: SelectorExpression | undefined;
      (list as unknown[]).forEach((item, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item) && 'exclude' in item && Object.keys(item).length === 1) {
          if (exclude) fail(`only one 'exclude' is allowed in a ${op}`);
          exclude = parseExclude((item as { exclude: unknown }).exclude, [...path, op, i, 'exclude'], seen);
        } else {
          items.push(parse(item, [...path, op, i], seen));
        }
      });
      if (items.length === 0) fail(`'${op}' needs at least one definition besides exclude`);
      return { kind: op, items, exclude };
    }
    if ('method' in map || 'value' in map) {
      const unknown = keys.filter((k) => !METHOD_KEYS.has(k));
      if (unknown.length) fail(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; a criterion takes ${[...METHOD_KEYS].join(', ')}`);
      if (map.method === undefined || map.value === undefined) fail("a criterion needs both 'method' and 'value'");
      const method = String(map.method);
      if (method === 'selector') {
        const other = String(map.value);
        if (seen.includes(other)) fail(`selector '${other}' refers to itself (${[...seen, other].join(' -> ')})`);
        const target = selectors.get(other);
        if (!target) fail(`no selector named '${other}' in selectors.yml`);
        return parse(target!.definition, ['definition'], [...seen, other]);
      }
      const atom = wrap(() => parseSelector(criterionText(method, map)), fail);
      const mode = map.indirect_selection === undefined ? indirect : checkMode(map.indirect_selection, fail);
      const criterion: SelectorExpression = { kind: 'atom', atom, indirect: mode };
      if (map.exclude === undefined) return criterion;
      return { kind: 'union', items: [criterion], exclude: parseExclude(map.exclude, [...path, 'exclude'], seen) };
    }
    if (keys.length === 1) {
      // Key-value: `tag: nightly`.
      const [method] = keys;
      return { kind: 'atom', atom: wrap(() => parseSelector(`${method}:${String(map[method!])}`), fail), indirect };
    }
    return fail(`cannot read a definition with keys ${keys.join(', ')}; use method/value, union or intersection`);
  };
  const parseExclude = (value: unknown, path: (string | number)[], seen: readonly string[]): SelectorExpression => {
    const list = Array.isArray(value) ? value : [value];
    const items = list.map((item, i) => parse(item, Array.isArray(value) ? [...path, i] : path, seen));
    return items.length === 1 ? items[0]! : { kind: 'union', items };
  };
  const selector = selectors.get(name);
  if (!selector) throw new SelectorError(name, `no selector named '${name}' in selectors.yml`);
  return parse(selector.definition, ['definition'], [name]);
}

/** The yml criterion written as the CLI would write it, so one parser checks both. */
function criterionText(method: string, map: Record<string, unknown>): string {
  const depth = (key: string) => (map[key] === undefined || map[key] === null ? '' : String(map[key]));
  const parents = map.parents === true ? `${depth('parents_depth')}+` : '';
  const children = map.children === true ? `+${depth('children_depth')}` : '';
  return `${map.childrens_parents === true ? '@' : ''}${parents}${method}:${String(map.value)}${children}`;
}

function checkMode(value: unknown, fail: (problem: string) => never): IndirectSelection {
  const mode = INDIRECT_MODES.find((m) => m === value);
  return mode ?? fail(`indirect_selection is one of ${INDIRECT_MODES.join(', ')}, not '${String(value)}'`);
}

function wrap<T>(parse: () => T, fail: (problem: string) => never): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof SelectorError) return fail(error.message.split('\n')[0]!.replace(/^Invalid selector /, ''));
    throw error;
  }
}
