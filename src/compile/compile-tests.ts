import { createHash } from 'node:crypto';
import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import { nodeConfigSchema, type NodeProperties } from '../project/schemas.js';
import type { Project } from '../project/types.js';
import { GENERIC_TESTS, parseReference, parseThreshold, THRESHOLD_HINT } from '../testing/index.js';
import { mergeConfig } from '../project/folder-config.js';
import { packageNameOf, pathsOf, projectConfigLayers } from '../project/package-scope.js';
import { propertiesFolders, ymlFqnPrefix } from '../project/discover.js';
import { createLineFinder } from './property-lines.js';
import { genericTestId, genericTestMetadata, genericTestNames } from './test-names.js';
import { resolveConfig } from './resolve-config.js';
import { cteName, ephemeralCtes, injectCtes } from './ephemeral.js';
import type { CompiledNode, Relation } from './types.js';
import type { CustomTestRender } from './custom-test-render.js';
import type { CustomTestCall } from './types.js';

/**
 * Custom generic tests: `{% test name(model, column_name, ...) %}` blocks from macros/. `file`, the
 * properties file declaring the test, picks the vars of its package. Kept a parameter: the tests of
 * every package are compiled in one pass over their declarations, so one CustomTests per package
 * would only move that lookup (file -> package) here.
 */
export interface CustomTests {
  readonly names: ReadonlySet<string>;
  /** The root project's own tests: used rather than a built-in of the same name. */
  readonly overrides?: ReadonlySet<string>;
  /** Renders the test's SQL and the config its `{{ config(...) }}` sets; ids of nodes it refs are added to `dependsOn`. */
  render(name: string, call: CustomTestCall, tested: Relation, dependsOn: string[], file: string): CustomTestRender;
  /** A config value with Jinja in it, rendered natively as dbt does (see custom-test-render.ts). */
  renderValue(text: string, file: string): unknown;
}

export interface TestQuoting {
  readonly relation: (relation: Relation) => string;
  readonly identifier: (name: string) => string;
  readonly literal: (value: string) => string;
}

const TEST_CONFIG_KEYS = ['severity', 'warn_if', 'error_if', 'where', 'limit', 'store_failures', 'fail_calc', 'tags', 'enabled', 'meta'];
const testConfigSchema = nodeConfigSchema.pick({
  severity: true, warn_if: true, error_if: true, where: true, limit: true, store_failures: true, fail_calc: true, tags: true, enabled: true, meta: true,
});

/** Where a test's model, ref() and source() arguments are looked up. */
interface TestTargets {
  readonly nodesByName: ReadonlyMap<string, CompiledNode>;
  readonly nodesById: ReadonlyMap<string, CompiledNode>;
  readonly sourcesByName: ReadonlyMap<string, CompiledNode>;
}

interface Declared {
  readonly node: CompiledNode;
  readonly entry: unknown;
  readonly column: string | undefined;
  readonly file: string;
  readonly fromLine: number | undefined;
}

/**
 * Generic tests declared in properties files (per column or per node), compiled to one query each
 * that returns the failing rows. Each is a DAG node depending on what it tests and what it refers to.
 */
export function compileGenericTests(
  project: Project,
  nodesByName: ReadonlyMap<string, CompiledNode>,
  sourcesByName: ReadonlyMap<string, CompiledNode>,
  quoting: TestQuoting,
  custom: CustomTests,
  diagnostics: Diagnostic[],
): CompiledNode[] {
  const declared: Declared[] = [];
  const collect = (node: CompiledNode, props: Pick<NodeProperties, 'columns' | 'data_tests' | 'tests'>, file: string, line: number | undefined) => {
    for (const entry of [...(props.data_tests ?? []), ...(props.tests ?? [])]) declared.push({ node, entry, column: undefined, file, fromLine: line });
    for (const column of props.columns ?? []) {
      for (const entry of [...(column.data_tests ?? []), ...(column.tests ?? [])]) declared.push({ node, entry, column: column.name, file, fromLine: line });
    }
  };
  // A file of that name that is no node is disabled: dbt patches the disabled node and says nothing.
  const files = new Set([...project.models, ...project.seeds, ...project.snapshots].map((f) => f.name));
  for (const [name, located] of [...project.modelProperties, ...project.seedProperties, ...project.snapshotProperties]) {
    const node = nodesByName.get(name);
    if (!node && files.has(name)) continue;
    if (!node) {
      const kind = project.modelProperties.has(name) ? 'model' : 'seed';
      diagnostics.push({ severity: 'warning', file: located.file, line: located.line, message: `properties describe ${kind} '${name}', but there is no such model or seed: the entry is ignored`,
        hint: didYouMean(name, nodesByName.keys()) ?? `name a .sql file in models/ or a .csv in seeds/` });
      continue;
    }
    collect(node, located.value, located.file, located.line);
  }
  for (const { value: source, file, line } of project.sources) {
    for (const table of source.tables) {
      const node = sourcesByName.get(`${source.name}.${table.name}`);
      if (node) collect(node, table, file, line);
    }
  }
  const findLine = createLineFinder(project.root);
  const lineOf = (d: Declared, name: string) => findLine(d.file, d.fromLine, name);
  const seen = new Set<string>();
  const tests: CompiledNode[] = [];
  const nodesById = new Map([...nodesByName.values(), ...sourcesByName.values()].map((n) => [n.uniqueId, n]));
  for (const d of declared) {
    const test = compileOne(project, d, { nodesByName, nodesById, sourcesByName }, quoting, custom, (message, hint, name) => {
      diagnostics.push({ severity: 'error', file: d.file, line: lineOf(d, name), message, ...(hint ? { hint } : {}) });
    });
    if (!test) continue;
    let id = test.uniqueId;
    if (seen.has(id)) id = `${id}_${createHash('md5').update(JSON.stringify(d.entry)).digest('hex').slice(0, 8)}`;
    seen.add(id);
    tests.push(Object.freeze({ ...test, uniqueId: id }));
  }
  return tests;
}

function compileOne(
  project: Project,
  d: Declared,
  { nodesByName, nodesById, sourcesByName }: TestTargets,
  quoting: TestQuoting,
  custom: CustomTests,
  fail: (message: string, hint: string | undefined, near: string) => void,
): CompiledNode | undefined {
  const where = `on ${d.node.resourceType} '${d.node.name}'${d.column ? `, column '${d.column}'` : ''}`;
  const parsed = splitEntry(d.entry);
  if (!parsed) return void fail(`a test ${where} is not a test name or a {name: {arguments}} mapping`, 'write `- unique` or `- accepted_values: {values: [a, b]}`', d.column ?? d.node.name);
  const generic = custom.overrides?.has(parsed.name) ? undefined : GENERIC_TESTS[parsed.name];
  const isCustom = !generic && custom.names.has(parsed.name);
  if (!generic && !isCustom) {
    const known = [...Object.keys(GENERIC_TESTS), ...custom.names];
    return void fail(`unknown test '${parsed.name}' ${where}`, `${didYouMean(parsed.name, known) ?? ''} known tests: ${known.join(', ')}; define your own with {% test ${parsed.name}(model, column_name) %} in macros/`.trim(), parsed.name);
  }
  if (generic?.needsColumn && !d.column) return void fail(`test '${parsed.name}' ${where} needs a column: declare it under columns:`, undefined, parsed.name);
  let ownConfig: Record<string, unknown>;
  let builtinArgs: Record<string, unknown> = parsed.args;
  try {
    ownConfig = renderedValues(parsed.config, (text) => custom.renderValue(text, d.file));
    // A built-in test's arguments are rendered natively here (a custom test's, by its macro call).
    if (generic) builtinArgs = renderedValues(parsed.args, (text) => custom.renderValue(text, d.file));
  } catch (error) {
    return void fail(`test '${parsed.name}' ${where}: a value failed to render: ${error instanceof Error ? error.message.split('\n').pop()?.trim() : String(error)}`, undefined, parsed.name);
  }
  const args = generic ? generic.args.safeParse(builtinArgs) : { success: true as const, data: parsed.args };
  if (!args.success) {
    return void fail(`test '${parsed.name}' ${where}: ${args.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}`, undefined, parsed.name);
  }
  const config = testConfigSchema.safeParse(ownConfig);
  if (!config.success) {
    return void fail(`test '${parsed.name}' ${where}: config ${config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, `config keys: ${TEST_CONFIG_KEYS.join(', ')}`, parsed.name);
  }
  const dot = parsed.name.lastIndexOf('.');
  const onSource = d.node.resourceType === 'source' || d.node.resourceType === 'ingest';
  // dbt names a version's tests after <model>_v<N>, whichever file defines it.
  const testedName = d.node.version ? `${d.node.version.name}_v${d.node.version.version}` : d.node.name;
  const { name, alias } = genericTestNames({
    test: parsed.name.slice(dot + 1), namespace: dot > 0 ? parsed.name.slice(0, dot) : undefined,
    target: onSource && d.node.sourceName ? `${d.node.sourceName}_${d.node.name}` : testedName, onSource, column: d.column,
    args: parsed.customName ? { ...parsed.args, name: parsed.customName } : parsed.args,
  });
  // dbt's fqn of a generic test: its yml file's folders; the data_tests: tree of dbt_project.yml matches it.
  const packageName = packageNameOf(project, d.file);
  const fqn = [...ymlFqnPrefix(packageName, d.file, propertiesFolders(pathsOf(project, d.file))), name];
  const layers = projectConfigLayers(project, project.testFolders, 'tests', d.file, fqn);
  const folderConfig = mergeConfig(layers.own, layers.root);
  let testConfig = mergeConfig(folderConfig, config.data);
  if (testConfig.enabled === false) return undefined;
  for (const key of ['warn_if', 'error_if'] as const) {
    const text = testConfig[key];
    if (text !== undefined && !parseThreshold(text)) return void fail(`test '${parsed.name}' ${where}: ${key} '${text}' is not a threshold`, THRESHOLD_HINT, key);
  }
  const dependsOn = [d.node.uniqueId];
  let missing: string | undefined;
  const relationOf = (reference: string): string => {
    const target = parseReference(reference);
    const node = target?.kind === 'ref' ? nodesByName.get(target.name) : target ? sourcesByName.get(`${target.source}.${target.table}`) : undefined;
    const ephemeral = node?.config.materialized === 'ephemeral';
    if (!node || (!node.relation && !ephemeral)) {
      missing ??= reference;
      return 'missing';
    }
    if (!dependsOn.includes(node.uniqueId)) dependsOn.push(node.uniqueId);
    return node.relation ? quoting.relation(node.relation) : cteName(node.name);
  };
  generic?.references(args.data).forEach(relationOf);
  if (missing) {
    const name = parseReference(missing);
    return void fail(`test '${parsed.name}' ${where} refers to ${missing}, which is not a model, seed or source`, name?.kind === 'ref' ? didYouMean(name.name, nodesByName.keys()) : undefined, parsed.name);
  }
  // An ephemeral model has no relation: its test reads it as a CTE, as dbt's does (added below with any other ephemeral it refers to).
  const base = d.node.relation ? quoting.relation(d.node.relation) : cteName(d.node.name);
  const tested: Relation = d.node.relation ?? { schema: '', identifier: d.node.name };
  const model = testConfig.where ? `(select * from ${base} where ${testConfig.where})` : base;
  let sql: string;
  let call: CustomTestCall | undefined;
  let introspective = false;
  if (!generic) {
    call = { arguments: args.data, model: testConfig.where ? `${model} as weir_where` : base, columnName: d.column };
    try {
      const rendered = custom.render(parsed.name, call, tested, dependsOn, d.file);
      sql = rendered.sql;
      introspective = rendered.introspective;
      // The test's own {{ config(...) }} are defaults; the properties file's config wins (as in dbt).
      const merged = testConfigSchema.safeParse({ ...pickKnown(rendered.config), ...ownConfig });
      if (merged.success) testConfig = mergeConfig(folderConfig, merged.data);
    } catch (error) {
      return void fail(`test '${parsed.name}' ${where} failed to render: ${error instanceof Error ? error.message.split('\n').pop()?.trim() : String(error)}`, undefined, parsed.name);
    }
  } else sql = generic.sql({ model, column: d.column ? testedColumn(d.column, quoting) : undefined, quote: quoting.identifier, literal: quoting.literal, relation: relationOf }, args.data);
  const ctes = ephemeralCtes(dependsOn, nodesById);
  sql = injectCtes(sql, ctes);
  // An ephemeral model that asks the warehouse (dbt_utils.star) is rendered again when the test runs.
  if (ctes.some((c) => nodesById.get(c.id)?.renderAtExecution)) introspective = true;
  const resolved = resolveConfig([testConfig], { materialized: 'test' });
  const metadata = genericTestMetadata({ name: parsed.name, args: parsed.args, column: d.column, tested: d.node });
  return {
    uniqueId: genericTestId(packageName, name, metadata),
    resourceType: 'test',
    name,
    packageName,
    path: d.file,
    absolutePath: `${project.root}/${d.file}`,
    fqn,
    config: { ...resolved, ...(alias !== name ? { alias } : {}), materialized: 'test', test_type: 'generic', severity: resolved.severity ?? 'error', warn_if: resolved.warn_if ?? '!= 0', error_if: resolved.error_if ?? '!= 0' },
    relation: undefined,
    description: parsed.description ?? '',
    columns: {},
    patchPath: d.file,
    rawCode: `-- ${parsed.name} ${JSON.stringify(parsed.args)}`,
    compiledCode: sql,
    incrementalCode: undefined,
    ...dbtReferences(dependsOn, nodesById),
    test: { type: 'generic', name: parsed.name, metadata, attachedNode: d.node.uniqueId, columnName: d.column, attachedRelation: d.node.relation, ...(call ? { call } : {}) },
    ...(introspective ? { renderAtExecution: true as const } : {}),
  };
}

/**
 * The tested column as SQL: a name is quoted; an expression (`lower(email)`, `amount::int`), which
 * dbt writes into the test's SQL as it is, stays as written.
 */
function testedColumn(column: string, quoting: TestQuoting): string {
  return /[()]|::/.test(column) ? column : quoting.identifier(column);
}

/** Strings holding Jinja, at any depth, rendered natively (see renderNative); everything else as written. */
function renderedValues(values: Record<string, unknown>, render: (text: string) => unknown): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return /\{[{%]/.test(v) ? render(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Number)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(values) as Record<string, unknown>;
}

/** The keys of a test macro's config() that weir's tests know (dbt's others are ignored, as in the properties file). */
function pickKnown(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(/-/g, '_'), v]).filter(([k]) => TEST_CONFIG_KEYS.includes(k as string)));
}

/** `unique`, `{accepted_values: {values: [...], config: {...}}}` or `{x: {arguments: {...}}}`. */
function splitEntry(entry: unknown): SplitEntry | undefined {
  if (typeof entry === 'string') return { name: entry, args: {}, config: {} };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const record = entry as Record<string, unknown>;
  // dbt's other form: `- {test_name: unique, name: my_name, ...arguments}`.
  if (typeof record.test_name === 'string') {
    const { test_name: name, ...body } = record;
    return splitBody(name, body);
  }
  const keys = Object.keys(record);
  if (keys.length !== 1) return undefined;
  const name = keys[0]!;
  const body = record[name] ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) return undefined;
  return splitBody(name, body as Record<string, unknown>);
}

interface SplitEntry {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly config: Record<string, unknown>;
  /** dbt's `name:` (the test's own name instead of the synthesized one) and `description:`; never arguments. */
  readonly customName?: string;
  readonly description?: string;
}

function splitBody(name: string, body: Record<string, unknown>): SplitEntry {
  const args: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  let customName: string | undefined;
  let description: string | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'config' && value && typeof value === 'object') Object.assign(config, value);
    else if (key === 'arguments' && value && typeof value === 'object') Object.assign(args, value);
    else if (key === 'name' && typeof value === 'string') customName = value;
    else if (key === 'description' && typeof value === 'string') description = value;
    else if (TEST_CONFIG_KEYS.includes(key)) config[key] = value;
    else args[key] = value;
  }
  return { name, args, config, ...(customName ? { customName } : {}), ...(description ? { description } : {}) };
}

/**
 * dbt's refs, sources and depends_on of a generic test: what its arguments read (`to: ref('customers')`),
 * then the tested node, as dbt renders the arguments before the test's `model`; refs before sources.
 */
function dbtReferences(dependsOn: readonly string[], nodesById: ReadonlyMap<string, CompiledNode>) {
  const ordered = [...dependsOn.slice(1), dependsOn[0]!].map((id) => nodesById.get(id)).filter((n): n is CompiledNode => n !== undefined);
  const refNodes = ordered.filter((n) => n.resourceType !== 'source');
  const sourceNodes = ordered.filter((n) => n.resourceType === 'source');
  return {
    dependsOn: { nodes: [...refNodes, ...sourceNodes].map((n) => n.uniqueId), macros: [] },
    refs: refNodes.map((n) => ({ name: n.version?.name ?? n.name, package: undefined, ...(n.version ? { version: String(n.version.version) } : {}) })),
    sources: sourceNodes.map((n): readonly [string, string] => [n.sourceName ?? '', n.name]),
  };
}
