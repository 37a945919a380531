import type { Dag } from './dag.js';
import { globMatcher } from './glob.js';
import type { SelectorAtom } from './selector-parse.js';
import { SelectorError } from './errors.js';
import type { PriorRun, StateSets, StateValue } from './selector-syntax.js';
import { priorRunTest } from './selector-prior-run.js';
import type { GraphNode } from './types.js';

/**
 * What each selector method matches on a node, and what it could have matched (for "did you
 * mean"). Graph operators are applied elsewhere; this is only the `method:value` part.
 */
export function matchAtom(dag: Dag, atom: SelectorAtom, state?: StateSets, prior?: PriorRun): Set<string> {
  const test = atom.method === 'result' || atom.method === 'source_status' ? priorRunTest(atom, prior) : nodeTest(atom, state);
  const found = new Set<string>();
  for (const node of dag.nodes.values()) if (test(node)) found.add(node.uniqueId);
  return found;
}

function nodeTest(atom: SelectorAtom, state: StateSets | undefined): (node: GraphNode) => boolean {
  const value = atom.value;
  switch (atom.method) {
    case 'result':
    case 'source_status':
      throw new SelectorError(atom.raw, 'answered from the earlier run'); // matchAtom sends these to priorRunTest
    case 'access':
      // Only models have an access; dbt's default is protected.
      return (node) => node.resourceType === 'model' && (node.config.access ?? 'protected') === value;
    case 'group': {
      const matches = globMatcher(value);
      return (node) => typeof node.config.group === 'string' && matches(node.config.group);
    }
    case 'unique_id':
      // A generic test's id before dbt 1.10's hash suffix (test.<pkg>.<name>) still selects it.
      return (node) => node.uniqueId === value || (node.resourceType === 'test' && node.uniqueId.replace(/\.[0-9a-f]{10}$/, '') === value);
    case 'version':
      return versionTest(value);
    case 'state': {
      if (!state) throw new SelectorError(atom.raw, "'state:' compares with an earlier run: pass --state <dir>, a folder holding that run's manifest.json");
      const ids = state[value as StateValue];
      return (node) => ids.has(node.uniqueId);
    }
    case 'name': {
      // A bare word is a node name, or (as in dbt) the name of the project/package as a whole.
      const matches = globMatcher(value);
      return (node) => matches(node.name) || node.packageName === value;
    }
    case 'tag': {
      const matches = globMatcher(value);
      return (node) => node.tags.some(matches);
    }
    case 'path':
      return pathTest(value);
    case 'file': {
      // The file name with or without its extension, as dbt's `file:` method.
      const matches = globMatcher(value);
      return (node) => {
        const base = basename(node.path);
        return matches(base) || matches(stripExtension(base));
      };
    }
    case 'resource_type':
      return (node) => node.resourceType === value;
    case 'package': {
      const matches = globMatcher(value);
      return (node) => matches(node.packageName);
    }
    case 'fqn':
      return fqnTest(value);
    case 'test_type':
      // `generic` or `singular`, as data tests record it in their config.
      return (node) => node.config.test_type === value;
    case 'config':
      return (node) => configStrings(node, atom.configKey).includes(value);
    case 'source':
      return sourceTest(value);
    case 'column':
      throw new SelectorError(atom.raw, "'column:' is matched along column lineage, not node by node");
    case 'exposure':
    case 'metric':
    case 'semantic_model':
    case 'saved_query':
      return namedTest(atom.method, value);
  }
}

/**
 * dbt's `exposure:`, `metric:`, `semantic_model:` and `saved_query:` methods: `name` or
 * `package.name`, globs allowed, among nodes of that resource type.
 */
function namedTest(resourceType: string, value: string): (node: GraphNode) => boolean {
  const dot = value.indexOf('.');
  const inPackage = globMatcher(dot < 0 ? '*' : value.slice(0, dot));
  const named = globMatcher(dot < 0 ? value : value.slice(dot + 1));
  return (node) => node.resourceType === resourceType && inPackage(node.packageName) && named(node.name);
}

/**
 * dbt's `source:` method, `source:shop` or `source:shop.carts` (globs allowed): source tables and
 * the ingest nodes that load them, whose fqn ends `[..., source, table]`.
 */
function sourceTest(value: string): (node: GraphNode) => boolean {
  const parts = value.split('.').map((part) => globMatcher(part));
  return (node) => {
    if (!SOURCE_TYPES.has(node.resourceType) || node.fqn.length < 3) return false;
    // A source's fqn is dbt's: [project, ...its yml file's folders, source, table].
    const names = node.fqn.slice(-2);
    return parts.length <= names.length && parts.every((matches, i) => matches(names[i]!));
  };
}

const SOURCE_TYPES = new Set(['source', 'ingest']);

/** A file, or a folder and everything under it; globs stop at `/` except `**`. */
function pathTest(value: string): (node: GraphNode) => boolean {
  const matches = globMatcher(normalisePath(value), '/');
  return (node) => {
    if (matches(node.path)) return true;
    for (let i = node.path.indexOf('/'); i > 0; i = node.path.indexOf('/', i + 1)) {
      if (matches(node.path.slice(0, i))) return true;
    }
    return false;
  };
}

function normalisePath(value: string): string {
  let path = value;
  while (path.startsWith('./')) path = path.slice(2);
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

/** dbt's `version:` method on models: the latest version, newer ones (prerelease), older ones, or unversioned models. */
function versionTest(value: string): (node: GraphNode) => boolean {
  return (node) => {
    if (node.resourceType !== 'model') return false;
    if (!node.version) return value === 'none';
    const order = compareVersions(node.version.version, node.version.latest);
    return value === 'latest' ? order === 0 : value === 'prerelease' ? order > 0 : value === 'old' ? order < 0 : false;
  };
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  return !Number.isNaN(x) && !Number.isNaN(y) ? x - y : a.localeCompare(b);
}

/**
 * dbt's fqn rule: one part matches the node name; more parts match a prefix of the fqn. A version
 * is also `name.v2` (its fqn ends with both).
 */
function fqnTest(value: string): (node: GraphNode) => boolean {
  const parts = value.split('.').map((part) => globMatcher(part));
  return (node) => {
    if (parts.length === 1 && parts[0]!(node.name)) return true;
    if (node.version && parts.length === 2 && parts[0]!(node.name) && parts[1]!(`v${node.version.version}`)) return true;
    return parts.length <= node.fqn.length && parts.every((matches, i) => matches(node.fqn[i]!));
  };
}

/** The config value at a key path, as strings: one per array element, none when unset. */
function configStrings(node: GraphNode, key: readonly string[]): string[] {
  let current: unknown = node.config;
  for (const part of key) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return [];
    current = (current as Record<string, unknown>)[part];
  }
  const values = Array.isArray(current) ? current : [current];
  return values.filter((v) => v !== undefined).map(stringify);
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The values a method could have matched, to suggest the closest one when nothing matched. */
export function candidateValues(dag: Dag, atom: SelectorAtom): Set<string> {
  const values = new Set<string>();
  for (const node of dag.nodes.values()) {
    switch (atom.method) {
      case 'name':
        values.add(node.name);
        break;
      case 'tag':
        for (const tag of node.tags) values.add(tag);
        break;
      case 'path':
        values.add(node.path);
        for (let i = node.path.indexOf('/'); i > 0; i = node.path.indexOf('/', i + 1)) values.add(node.path.slice(0, i));
        break;
      case 'file':
        values.add(basename(node.path));
        break;
      case 'resource_type':
        values.add(node.resourceType);
        break;
      case 'package':
        values.add(node.packageName);
        break;
      case 'fqn':
        values.add(node.fqn.join('.'));
        break;
      case 'test_type':
        if (typeof node.config.test_type === 'string') values.add(node.config.test_type);
        break;
      case 'source':
        if (SOURCE_TYPES.has(node.resourceType) && node.fqn.length >= 3) {
          values.add(node.fqn[node.fqn.length - 2]!);
          values.add(node.fqn.slice(-2).join('.'));
        }
        break;
      case 'exposure':
      case 'metric':
      case 'semantic_model':
      case 'saved_query':
        if (node.resourceType === atom.method) values.add(node.name);
        break;
      case 'group':
        if (typeof node.config.group === 'string') values.add(node.config.group);
        break;
      case 'unique_id':
        values.add(node.uniqueId);
        break;
      case 'access':
      case 'version':
      case 'result':
      case 'source_status':
      case 'state':
      case 'column':
        break;
      case 'config':
        for (const text of configStrings(node, atom.configKey)) values.add(text);
        break;
    }
  }
  return values;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
