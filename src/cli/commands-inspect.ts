import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { compileOnly } from '../workflow/write-artifacts.js';
import { openProject, selectForCommand } from '../workflow/open-project.js';
import { withColumnLineage } from '../workflow/column-selection.js';
import { commonOptions, logCompiled, type CliContext } from './cli-context.js';
import type { LogEvent } from '../core/logger.js';
import { compileStampInputs, stampFolders, writeCompileStamp } from '../workflow/compile-stamp.js';
import { formatTable } from './table.js';
import { pythonJson } from './python-json.js';
import { pluralKind } from './dbt-events.js';
import type { CompiledNode } from '../compile/types.js';
import type { SeenFiles } from '../project/source-reader.js';
import type { Prefetch } from '../project/prefetch.js';
import type { CompileWorker } from '../compile/template-pool.js';
import { exposureEntry } from '../compile/exposure-dict.js';
import { runsNoSql } from '../compile/no-sql-nodes.js';
import { semanticEntry } from '../compile/semantic-dict.js';

/**
 * `seen`: what the compile stamp's check saw of the files (see compile-stamp.ts); `prefetch`: files read ahead (see project/prefetch.ts);
 * `startWorker`: starts the second core's worker, if the project is big enough (see workflow/compile-pool.ts).
 */
export async function compileCommand(command: Command, context: CliContext, seen?: SeenFiles, prefetch?: Prefetch, startWorker?: () => Promise<CompileWorker | undefined>) {
  const common = { ...commonOptions(command, context), seen, prefetch };
  const inline = (command.opts() as { inline?: string }).inline;
  // dbt's `compile --inline "<sql>"`: the query compiled with the project, printed; nothing written.
  if (inline !== undefined) {
    const opened = openProject(common, { sql: inline });
    const out = context.output();
    out.print('Compiled inline node is:');
    out.print(opened.compiled.nodes.get(opened.inlineId!)!.compiledCode);
    return;
  }
  const started = performance.now();
  // A file modified after this instant may have been read before the change: no stamp proves it unchanged.
  const startedAt = Date.now();
  // Started after that instant: it may wait for the prefetch's listing, which must not make files look older to the stamp.
  const compileWorker = await startWorker?.();
  // A compile that warned is not stamped: the next one must warn again (a stamped compile logs nothing).
  let warned = false;
  const watching = { ...common, compileWorker, logger: { log: (event: LogEvent) => ((warned ||= !event.code.startsWith('partial_parse')), common.logger.log(event)) } };
  const opened = await withColumnLineage(await compileOnly(watching), common);
  const selected = selectForCommand(opened, watching, ['model'], false);
  const models = [...opened.compiled.nodes.values()].filter((n) => n.resourceType === 'model').length;
  const stampInputs = compileStampInputs(common);
  // Cold or unchanged alike: the cache written with this generation is what the manifest was built from, so a
  // later compile with the same inputs would write the same manifest. Partial-parse events are no warning:
  // the stamped compile reads no file.
  const generation = opened.partialParse?.generation;
  if (stampInputs && generation && selected.size === models && !warned) {
    const { project, compiled, target } = opened;
    writeCompileStamp(stampInputs, {
      targetDir: project.targetDir, folders: stampFolders(project), generation,
      projectName: compiled.projectName, adapterType: target.type, targetName: target.name, models,
    }, startedAt, seen);
  }
  logCompiled(common, models, selected.size, started, opened.project.targetDir);
}

/** `weir parse`: read and check the whole project (selectors.yml too) and write target/manifest.json; no database. */
export async function parseCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const started = performance.now();
  const opened = await compileOnly(common);
  const counts = new Map<string, number>();
  for (const node of opened.compiled.nodes.values()) counts.set(node.resourceType, (counts.get(node.resourceType) ?? 0) + 1);
  const summary = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => `${n} ${n === 1 ? type.replace('_', ' ') : pluralKind(type.replace('_', ' '))}`).join(', ');
  common.logger.log({
    level: 'info', code: 'parsed',
    message: `Parsed ${summary || 'nothing'}${opened.project.selectors.length ? ` and ${opened.project.selectors.length} selectors` : ''} in ${((performance.now() - started) / 1000).toFixed(2)}s; manifest in ${opened.project.targetDir}/manifest.json`,
    data: Object.fromEntries(counts),
  });
}

/** What `weir ls` lists unless --resource-type says otherwise (dbt's defaults: no analyses). */
const LS_DEFAULT_TYPES = ['model', 'seed', 'snapshot', 'source', 'ingest', 'test', 'unit_test', 'exposure', 'metric', 'semantic_model', 'saved_query'];
const LS_ALL_TYPES = [...LS_DEFAULT_TYPES, 'analysis'];

export async function lsCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const flags = command.opts() as { output: string; outputKeys?: string[]; resourceType?: string[]; excludeResourceType?: string[] };
  const opened = await withColumnLineage(openProject(common), common);
  const wanted = flags.resourceType?.flatMap((t) => (t === 'all' ? LS_ALL_TYPES : t === 'default' ? LS_DEFAULT_TYPES : [t])) ?? LS_DEFAULT_TYPES;
  const types = wanted.filter((t) => !flags.excludeResourceType?.includes(t));
  const selected = selectForCommand(opened, common, types, false);
  const out = context.output();
  // dbt's list sorts unique ids as Python does, by code point ('.' before '_', 'B' before 'a'), not by locale.
  const nodes = [...selected].map((id) => opened.compiled.nodes.get(id)!).sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0));
  const quote = (model: CompiledNode) => (model.relation ? opened.dialect.relation(model.relation) : undefined);
  for (const node of nodes) {
    if (flags.output === 'json') out.print(pythonJson(lsJson(node, flags.outputKeys, noSqlEntry(node, quote))));
    else if (flags.output === 'path') out.print(node.path);
    // dbt's search name: a model version is <name>.v<N>.
    else if (flags.output === 'name') out.print(node.version ? `${node.version.name}.v${node.version.version}` : node.name);
    else out.print(lsSelector(node));
  }
}

/** What `dbt ls` prints for a node (its selector): a source as package.source.table, an exposure, metric, semantic model, saved query or unit test as package.name, else the fqn. */
function lsSelector(node: CompiledNode): string {
  if (node.resourceType === 'source') return `source:${node.packageName}.${node.sourceName ?? node.fqn.at(-2)}.${node.name}`;
  if (node.resourceType === 'unit_test' || runsNoSql(node)) return `${node.resourceType}:${node.packageName}.${node.name}`;
  return node.fqn.join('.');
}

/** The keys `dbt ls --output json` prints without --output-keys. */
const LS_JSON_KEYS = new Set(['alias', 'name', 'package_name', 'depends_on', 'tags', 'config', 'resource_type', 'source_name', 'original_file_path', 'unique_id']);

/**
 * A node as `dbt ls --output json` prints it (the same keys), optionally only `--output-keys`. An
 * exposure or a semantic-layer node prints its manifest entry's keys, as dbt's does.
 */
function lsJson(node: CompiledNode, keys: readonly string[] | undefined, entry: Record<string, unknown> | undefined): Record<string, unknown> {
  const all: Record<string, unknown> = entry ?? {
    name: node.version?.name ?? node.name, resource_type: node.resourceType, package_name: node.packageName, original_file_path: node.path,
    unique_id: node.uniqueId, alias: node.relation?.identifier ?? node.name, config: node.config, tags: node.config.tags,
    depends_on: { macros: node.dependsOn.macros, nodes: node.dependsOn.nodes },
  };
  const wanted = keys?.flatMap((k) => k.split(/[\s,]+/)).filter(Boolean);
  // dbt keeps the node's own key order, whatever order --output-keys names them in.
  if (wanted?.length) return Object.fromEntries([...Object.keys(all).filter((k) => wanted.includes(k)), ...wanted.filter((k) => !(k in all))].map((k) => [k, all[k] ?? null]));
  return entry ? Object.fromEntries(Object.entries(entry).filter(([k]) => LS_JSON_KEYS.has(k))) : all;
}

/** The manifest entry of an exposure, semantic model, metric or saved query (dbt's ls prints from it). */
function noSqlEntry(node: CompiledNode, quote: (model: CompiledNode) => string | undefined): Record<string, unknown> | undefined {
  if (node.exposure) return exposureEntry(node, 0);
  return node.semantic ? semanticEntry(node, 0, quote) : undefined;
}

export async function showCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const flags = command.opts() as { inline?: string; limit: number };
  if (!Number.isInteger(flags.limit) || flags.limit < 0) throw new UsageError('--limit must be a whole number');
  if (!flags.inline && !common.select?.length) throw new UsageError('weir show needs --select <model> or --inline "<sql>"');
  const opened = await withColumnLineage(openProject(common, flags.inline ? { sql: flags.inline } : undefined), common);
  let sql: string;
  let label: string;
  if (opened.inlineId) {
    sql = opened.compiled.nodes.get(opened.inlineId)!.compiledCode;
    label = 'inline query';
  } else {
    const selected = [...selectForCommand(opened, common, ['model', 'seed', 'source', 'analysis'], false)];
    if (selected.length !== 1) {
      throw new UsageError(`weir show previews one node; the selection matched ${selected.length}`, { hint: 'select a single model by name' });
    }
    const node = opened.compiled.nodes.get(selected[0]!)!;
    sql = node.resourceType === 'model' || node.resourceType === 'analysis' ? node.compiledCode : `select * from ${opened.dialect.relation(node.relation!)}`;
    label = node.name;
  }
  const { connect } = await import('../workflow/run-project.js');
  const adapter = await connect(opened, 1);
  try {
    const result = await adapter.withSession((session) => session.query(opened.dialect.limit(sql, flags.limit)));
    const out = context.output();
    out.print(`Previewing ${label} (first ${flags.limit} rows):`);
    for (const line of formatTable(result.columns, result.rows)) out.print(line);
  } finally {
    await adapter.close();
  }
}
