import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import { readFirstLine } from '../core/file-stream.js';
import type { UnitTestDefinition } from '../project/schemas.js';
import type { Located, Project } from '../project/types.js';
import { parseCsvRows, parseReference, TEMP_SCHEMA, type FixtureColumn, type FixtureRows, type GivenFixture } from '../testing/index.js';
import { createLineFinder } from './property-lines.js';
import { RelationValue } from './relation-value.js';
import { resolveConfig } from './resolve-config.js';
import type { CompiledNode, Relation } from './types.js';
import { raisedByTemplate } from './context.js';

/** What a unit test changes when its model is rendered: refs, sources and `this` point at fixtures. */
export interface UnitTestHooks {
  readonly ref: (name: string) => unknown;
  readonly source: (source: string, table: string) => unknown;
  readonly self: unknown;
  readonly incremental: boolean;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string>>;
  /** Macros replaced by a fixed value (`overrides: {macros: {name: value}}`). */
  readonly macros: Readonly<Record<string, unknown>>;
}

export type RenderModel = (model: string, hooks: UnitTestHooks) => string;

type Fail = (message: string, hint: string | undefined, near: string) => void;
type Fixture = Pick<UnitTestDefinition['expect'], 'rows' | 'format' | 'fixture'>;

/**
 * dbt-1.8 unit tests: each becomes a `unit_test` node holding its fixtures and the model rendered
 * against them. Given inputs must match the model's refs and sources one to one.
 */
export function compileUnitTests(
  project: Project,
  nodesByName: ReadonlyMap<string, CompiledNode>,
  sourcesByName: ReadonlyMap<string, CompiledNode>,
  quoteRelation: (relation: Relation) => string,
  render: RenderModel,
  diagnostics: Diagnostic[],
  temporary = false,
): CompiledNode[] {
  const findLine = createLineFinder(project.root);
  const tests: CompiledNode[] = [];
  const seen = new Map<string, string>();
  for (const located of project.unitTests) {
    const { value: def, file, line } = located;
    if (def.config?.enabled === false) continue;
    const fail: Fail = (message, hint, near) =>
      void diagnostics.push({ severity: 'error', file, line: findLine(file, line, near) ?? line, message: `unit test '${def.name}': ${message}`, ...(hint ? { hint } : {}) });
    const model = nodesByName.get(def.model);
    if (!model || model.resourceType !== 'model') {
      const models = [...nodesByName.values()].filter((n) => n.resourceType === 'model').map((n) => n.name);
      fail(`model '${def.model}' does not exist`, didYouMean(def.model, models) ?? `models: ${models.slice(0, 10).join(', ')}`, def.model);
      continue;
    }
    const uniqueId = `unit_test.${project.name}.${model.name}.${def.name}`;
    if (seen.has(uniqueId)) {
      fail(`model '${model.name}' already has a unit test of this name (${seen.get(uniqueId)})`, 'give each unit test of a model its own name', def.name);
      continue;
    }
    seen.set(uniqueId, `${file}${line ? `:${line}` : ''}`);
    const node = compileOne(project, located, model, uniqueId, { nodesByName, sourcesByName, quoteRelation, render, fail, temporary });
    if (node) tests.push(Object.freeze(node));
  }
  return tests;
}

interface Inputs {
  readonly nodesByName: ReadonlyMap<string, CompiledNode>;
  readonly sourcesByName: ReadonlyMap<string, CompiledNode>;
  readonly quoteRelation: (relation: Relation) => string;
  /** The unit tests run in the warehouse's temporary schema (PostgreSQL), not a sandbox schema of their own. */
  readonly temporary: boolean;
  readonly render: RenderModel;
  readonly fail: Fail;
}

function compileOne(project: Project, located: Located<UnitTestDefinition>, model: CompiledNode, uniqueId: string, inputs: Inputs): CompiledNode | undefined {
  const { value: def, file, line } = located;
  const { fail } = inputs;
  const own = `weir_unit_${createHash('md5').update(uniqueId).digest('hex').slice(0, 10)}`;
  // In the warehouse's temporary schema (PostgreSQL) the test's name is a prefix; elsewhere its own schema.
  const [schema, prefix] = inputs.temporary ? [TEMP_SCHEMA, `${own}_`] : [own, ''];
  const uses = new Map<string, string>([
    ...model.refs.map((r): [string, string] => [`ref:${r.name}`, `ref('${r.name}')`]),
    ...model.sources.map(([s, t]): [string, string] => [`source:${s}.${t}`, `source('${s}', '${t}')`]),
  ]);
  const given = new Map<string, GivenFixture>();
  let ok = true;
  def.given.forEach((entry, index) => {
    const key = inputKey(entry.input);
    if (!key) return void (ok = false, fail(`given input '${entry.input}' is not ref('name'), source('source', 'table') or this`, undefined, entry.input));
    if (key !== 'this' && !uses.has(key)) {
      ok = false;
      return fail(`given input ${entry.input} is not read by model '${model.name}'`, `the model reads: ${[...uses.values()].join(', ') || 'nothing'}; remove this input or fix its name`, entry.input);
    }
    const upstream = upstreamOf(key, model, inputs);
    const rows = fixtureRows(project, entry, `given ${entry.input}`, fail, entry.input);
    if (!rows) return void (ok = false);
    const table = prefix + (key === 'this' ? 'this' : `given_${index}_${key.replace(/^[a-z]+:/, '').replace(/[^A-Za-z0-9_]+/g, '__')}`);
    given.set(key, { input: entry.input, table: `${schema}.${table}`, ...rows, ...upstream });
  });
  const missing = [...uses.entries()].filter(([key]) => !given.has(key)).map(([, text]) => text);
  if (missing.length > 0) {
    ok = false;
    fail(`model '${model.name}' reads ${missing.join(', ')}, but no rows are given for ${missing.length === 1 ? 'it' : 'them'}`, `add under given: ${missing.map((m) => `- input: ${m}, rows: [...]`).join('; ')} (rows: [] for an empty input)`, 'given');
  }
  const expect = fixtureRows(project, def.expect, 'expect', fail, 'expect');
  if (!ok || !expect) return undefined;

  const relationOf = (key: string) => {
    const [s, t] = given.get(key)!.table.split('.') as [string, string];
    return RelationValue.of({ schema: s, identifier: t }, inputs.quoteRelation);
  };
  let readsThis = false;
  const self = given.has('this') ? relationOf('this') : { toString: () => ((readsThis = true), `"${schema}"."${prefix}this"`) };
  const { is_incremental: incremental, ...macros } = def.overrides?.macros ?? {};
  let sql: string;
  let deferredError: string | undefined;
  try {
    sql = inputs.render(model.name, {
      ref: (name) => relationOf(`ref:${name}`),
      source: (s, t) => relationOf(`source:${s}.${t}`),
      self,
      incremental: incremental === true,
      vars: def.overrides?.vars ?? {},
      env: def.overrides?.env_vars ?? {},
      macros: Object.fromEntries(Object.entries(macros).map(([name, value]) => [name, () => value])),
    });
  } catch (error) {
    const message = `model '${model.name}' failed to render: ${error instanceof Error ? error.message.split('\n').pop()?.trim() : String(error)}`;
    // It needs the warehouse, or raises only when executing: the test's error if it runs (as dbt renders unit tests then).
    if (!raisedByTemplate(error) && !(error instanceof Error && /\bNeedsWarehouse: /.test(error.message))) return void fail(message, undefined, 'overrides');
    sql = 'select 1 where false';
    deferredError = message;
  }
  if (readsThis) return void fail(`model '${model.name}' reads {{ this }} (its incremental branch), but no rows are given for it`, 'add under given: - input: this, rows: [...] (the rows already in the table)', 'given');

  const config = resolveConfig([{ ...(def.config?.tags ? { tags: def.config.tags } : {}), ...(def.config?.meta ? { meta: def.config.meta } : {}) }], { materialized: 'unit_test' });
  return {
    uniqueId,
    resourceType: 'unit_test',
    name: def.name,
    packageName: project.name,
    path: file,
    absolutePath: `${project.root}/${file}`,
    fqn: [project.name, ...model.fqn.slice(1), def.name],
    config: { ...config, materialized: 'unit_test', test_type: 'unit' },
    relation: undefined,
    description: def.description ?? '',
    columns: {},
    patchPath: file,
    rawCode: `-- unit test '${def.name}' of model '${model.name}'`,
    compiledCode: sql,
    incrementalCode: undefined,
    dependsOn: { nodes: [model.uniqueId], macros: [] },
    refs: [],
    sources: [],
    unitTest: { name: def.name, model: model.name, schema, prefix, given: [...given.values()], expect, sql, place: `${file}${line ? `:${line}` : ''}`, ...(deferredError ? { deferredError } : {}) },
  };
}

function inputKey(input: string): string | undefined {
  if (input.trim() === 'this') return 'this';
  const parsed = parseReference(input);
  if (!parsed) return undefined;
  return parsed.kind === 'ref' ? `ref:${parsed.name}` : `source:${parsed.source}.${parsed.table}`;
}

/** What the real upstream says about its columns: yml `data_type`s, a seed's CSV header, a contract. */
function upstreamOf(key: string, model: CompiledNode, inputs: Inputs): Pick<GivenFixture, 'columns' | 'complete' | 'upstream'> {
  const node = key === 'this' ? model : key.startsWith('ref:') ? inputs.nodesByName.get(key.slice(4)) : inputs.sourcesByName.get(key.slice(7));
  if (!node) return { columns: [], complete: false, upstream: undefined };
  const upstream = node.relation;
  const declared = Object.values(node.columns).map((c) => ({ name: c.name, type: c.data_type?.trim() || undefined }));
  if (node.resourceType === 'seed') {
    const header = readSeedHeader(node.absolutePath, typeof node.config.delimiter === 'string' ? node.config.delimiter : ',');
    if (header.length > 0) {
      const types = node.config.column_types;
      const typeOf = (name: string) => types[name] ?? declared.find((c) => c.name === name)?.type;
      return { columns: header.map((name) => ({ name, type: typeOf(name) })), complete: true, upstream };
    }
  }
  return { columns: declared, complete: node.contract !== undefined, upstream };
}

function readSeedHeader(path: string, delimiter: string): string[] {
  try {
    return readFirstLine(path).split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
  } catch {
    return [];
  }
}

/** The rows of a `given` or `expect` entry, from inline rows, a CSV string, SQL or a fixture file. */
function fixtureRows(project: Project, entry: Fixture, what: string, fail: Fail, near: string): FixtureRows | undefined {
  let format = entry.format;
  let rows = entry.rows;
  if (entry.fixture !== undefined) {
    const file = project.fixtures.find((f) => basename(f.path, extname(f.path)) === entry.fixture && (format === 'dict' || extname(f.path) === `.${format}`));
    if (!file) return void fail(`${what}: fixture '${entry.fixture}' was not found`, `put it in tests/fixtures/${entry.fixture}.csv (or .sql); found: ${project.fixtures.map((f) => f.path).join(', ') || 'no fixture files'}`, entry.fixture);
    format = extname(file.path) === '.sql' ? 'sql' : 'csv';
    rows = readFileSync(file.absolutePath, 'utf8');
  }
  if (format === 'sql') {
    if (typeof rows !== 'string' || !rows.trim()) return void fail(`${what}: format sql needs rows: a query returning the rows`, "write rows: \"select 1 as id, 'a' as name\"", near);
    return { rows: [], textual: false, sql: rows };
  }
  if (format === 'csv') {
    if (typeof rows !== 'string') return void fail(`${what}: format csv needs rows as one CSV string (a header line, then a line per row)`, 'write rows: |\n  id,name\n  1,a', near);
    try {
      return { rows: parseCsvRows(rows), textual: true, sql: undefined };
    } catch (error) {
      return void fail(`${what}: the CSV rows do not parse: ${error instanceof Error ? error.message : String(error)}`, undefined, near);
    }
  }
  if (typeof rows === 'string') return void fail(`${what}: rows is text; for CSV add format: csv, for SQL format: sql`, 'or write rows as a list: [{id: 1, name: a}]', near);
  return { rows: rows ?? [], textual: false, sql: undefined };
}
