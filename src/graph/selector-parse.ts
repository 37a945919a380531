import { didYouMean } from '../core/closest.js';
import { SelectorError } from './errors.js';
import { METHOD_VALUES, SIMPLE_METHODS, STATE_VALUES, type SimpleMethod } from './selector-syntax.js';

/**
 * One selection criterion, e.g. `2+tag:nightly+1`: graph operators around a method and a value.
 * Spaces (union) and commas (intersection) are split off before an atom is parsed.
 */
export interface SelectorAtom {
  /** The text as typed, for messages. */
  readonly raw: string;
  readonly method: SimpleMethod | 'config';
  /** Whether the method was written out (`tag:x`) rather than inferred from the value (`x`). */
  readonly explicitMethod: boolean;
  /** For `config.<key>`: the key path, `['materialized']` or `['meta', 'owner']`. */
  readonly configKey: readonly string[];
  readonly value: string;
  /** `+x` / `N+x`: ancestors, all or up to `parentsDepth` edges. */
  readonly parents: boolean;
  readonly parentsDepth: number | undefined;
  /** `x+` / `x+N`: descendants, all or up to `childrenDepth` edges. */
  readonly children: boolean;
  readonly childrenDepth: number | undefined;
  /** `@x`: descendants, and every ancestor of those descendants (and of x). */
  readonly childrensParents: boolean;
}

// The same shape as dbt's: [@][N+][method:]value[+N]. The value is lazy so a trailing `+N` is not eaten.
const ATOM = /^(@)?(?:(\d*)\+)?(?:([A-Za-z_][\w.]*):)?(.*?)(?:\+(\d*))?$/;

const FILE_EXTENSIONS = ['.sql', '.csv', '.py', '.yml', '.yaml'];

/** Parses one atom; throws `SelectorError` naming the atom and the allowed methods. */
export function parseSelector(raw: string): SelectorAtom {
  const match = ATOM.exec(raw);
  if (!match || raw.length === 0) throw new SelectorError(raw, 'empty selection criterion');
  const [, at, parentsDepth, methodText, value = '', childrenDepth] = match;
  const parents = parentsDepth !== undefined;
  const children = childrenDepth !== undefined;

  if (at && (parents || children)) {
    throw new SelectorError(raw, "'@' cannot be combined with '+' operators");
  }
  if (value.length === 0) throw new SelectorError(raw, 'missing a value to select by');
  const bad = /[\s,:+@]/.exec(value);
  if (bad) throw new SelectorError(raw, `unexpected '${bad[0]}' in '${value}'`);

  const { method, configKey } = resolveMethod(raw, methodText, value);
  if (method === 'state' && !(STATE_VALUES as readonly string[]).includes(value)) {
    const hint = didYouMean(value, STATE_VALUES);
    throw new SelectorError(raw, `unknown state '${value}'${hint ? ` (${hint})` : ''}; state: takes ${STATE_VALUES.join(', ')}`);
  }
  const allowed = method === 'config' ? undefined : METHOD_VALUES[method];
  if (allowed && !allowed.includes(value)) {
    const hint = didYouMean(value, allowed);
    throw new SelectorError(raw, `unknown ${method} '${value}'${hint ? ` (${hint})` : ''}; ${method}: takes ${allowed.join(', ')}`);
  }
  return {
    raw,
    method,
    explicitMethod: methodText !== undefined,
    configKey,
    value,
    parents,
    parentsDepth: depthOf(parentsDepth),
    children,
    childrenDepth: depthOf(childrenDepth),
    childrensParents: at !== undefined,
  };
}

function depthOf(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : Number(text);
}

function resolveMethod(
  raw: string,
  methodText: string | undefined,
  value: string,
): { method: SimpleMethod | 'config'; configKey: readonly string[] } {
  if (methodText === undefined) return { method: inferMethod(value), configKey: [] };
  if (methodText === 'config' || methodText.startsWith('config.')) {
    const key = methodText.split('.').slice(1);
    if (key.length === 0 || key.some((part) => part === '')) {
      throw new SelectorError(raw, "'config' needs a key, as in 'config.materialized:table'");
    }
    return { method: 'config', configKey: key };
  }
  const simple = SIMPLE_METHODS.find((m) => m === methodText);
  if (simple) return { method: simple, configKey: [] };
  const hint = didYouMean(methodText, [...SIMPLE_METHODS, 'config']);
  throw new SelectorError(raw, `unknown method '${methodText}'${hint ? ` (${hint})` : ''}`);
}

/** Like dbt: a value with a slash is a path, one with a file extension a file, dotted an fqn. */
function inferMethod(value: string): SimpleMethod {
  if (value.includes('/')) return 'path';
  if (FILE_EXTENSIONS.some((ext) => value.toLowerCase().endsWith(ext))) return 'file';
  if (value.includes('.')) return 'fqn';
  return 'name';
}

/** The atom written again with another value, for "did you mean" suggestions. */
export function formatAtom(atom: SelectorAtom, value: string): string {
  const method = atom.method === 'config' ? `config.${atom.configKey.join('.')}` : atom.method;
  const prefix = atom.childrensParents ? '@' : atom.parents ? `${atom.parentsDepth ?? ''}+` : '';
  const suffix = atom.children ? `+${atom.childrenDepth ?? ''}` : '';
  return `${prefix}${atom.explicitMethod ? `${method}:` : ''}${value}${suffix}`;
}
