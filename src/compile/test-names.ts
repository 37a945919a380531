import { createHash } from 'node:crypto';
import { pythonRepr, pythonStr } from '../jinja/index.js';

/**
 * dbt's synthesize_generic_test_names: the test's full name (its node name and unique_id) and the
 * short name its compiled file and stored-failures table get when the full one has 64 characters
 * or more (the first 30 of `<test>_<target>` and the md5 of the full name), since PostgreSQL cuts
 * identifiers at 63. Arguments count in the order of their names, each value printed as Python
 * prints it, so a project's tests are named exactly as dbt names them.
 */
export function genericTestNames(test: TestNaming): { readonly name: string; readonly alias: string } {
  if (typeof test.args.name === 'string' && test.args.name !== '') return { name: test.args.name, alias: test.args.name };
  const args: Record<string, unknown> = { ...test.args };
  delete args.name;
  delete args.description;
  if (test.column !== undefined) args.column_name = test.column;
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = Array.isArray(value) ? value : isDict(value) ? Object.values(value) : [value];
    flat.push(...parts.map((part) => pythonStr(part)));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const prefix = test.namespace ? `${test.namespace}_` : '';
  const identifier = `${prefix}${test.onSource ? 'source_' : ''}${test.test}_${test.target}`;
  const full = `${identifier}_${unique}`;
  if (full.length < 64) return { name: full, alias: full };
  return { name: full, alias: `${identifier.slice(0, 30)}_${createHash('md5').update(full).digest('hex')}` };
}

/** A mapping, not a boxed Python float (1.0 from YAML, see project/yaml-floats.ts), which is a leaf. */
const isDict = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !(value instanceof Number);

export interface TestNaming {
  /** The test's name without its package (`unique`, `expression_is_true`). */
  readonly test: string;
  /** `dbt_utils` in `dbt_utils.expression_is_true`. */
  readonly namespace?: string | undefined;
  /** The model or seed name; `<source>_<table>` for a source table. */
  readonly target: string;
  readonly onSource: boolean;
  readonly column: string | undefined;
  /** The test's arguments, without its config keys. */
  readonly args: Readonly<Record<string, unknown>>;
}

/** dbt's test_metadata of a generic test: the test macro's name, its package and the arguments it is called with. */
export interface TestMetadata {
  readonly name: string;
  readonly namespace: string | null;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/** Keys of a test entry dbt takes as config (TestBuilder.CONFIG_ARGS), never as arguments. */
const DBT_CONFIG_ARGS = new Set(['severity', 'tags', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as', 'meta', 'database', 'schema', 'alias']);

/**
 * The test_metadata dbt records, and hashes into the unique_id: the arguments as written (not
 * rendered), the column as `column_name`, and `model` as dbt's builder writes it.
 */
export function genericTestMetadata(test: { readonly name: string; readonly args: Readonly<Record<string, unknown>>; readonly column: string | undefined; readonly tested: TestedNode }): TestMetadata {
  const dot = test.name.lastIndexOf('.');
  const kwargs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(test.args)) if (!DBT_CONFIG_ARGS.has(key)) kwargs[key] = value;
  if (test.column !== undefined) kwargs.column_name = test.column;
  kwargs.model = `{{ get_where_subquery(${testedCall(test.tested)}) }}`;
  return { name: test.name.slice(dot + 1), namespace: dot > 0 ? test.name.slice(0, dot) : null, kwargs };
}

interface TestedNode { readonly name: string; readonly sourceName?: string | undefined; readonly version?: { readonly name: string; readonly version: string } | undefined }

/** How dbt's test builder names the tested node: ref('m'), ref('m', version='2') or source('s', 't'). */
function testedCall(node: TestedNode): string {
  if (node.sourceName !== undefined) return `source('${node.sourceName}', '${node.name}')`;
  return node.version ? `ref('${node.version.name}', version='${node.version.version}')` : `ref('${node.name}')`;
}

/**
 * dbt 1.10's unique_id of a generic test, `test.<package>.<name>.<hash>` (schema_generic_tests.py
 * create_test_node): the hash is the last 10 hex digits of the md5 of the name followed by
 * repr(get_hashable_md(test_metadata)) — every leaf as Python's str(), dict keys sorted.
 */
export function genericTestId(packageName: string, name: string, metadata: TestMetadata): string {
  const hashable = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(hashable).join(', ')}]`;
    if (isDict(value)) {
      const dict = value;
      return `{${Object.keys(dict).sort().map((k) => `${pythonRepr(k)}: ${hashable(dict[k])}`).join(', ')}}`;
    }
    return pythonRepr(pythonStr(value));
  };
  const hash = createHash('md5').update(`${name}${hashable(metadata)}`).digest('hex').slice(-10);
  return `test.${packageName}.${name}.${hash}`;
}
