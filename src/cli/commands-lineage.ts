import type { Command } from 'commander';
import type { CompiledNode } from '../compile/types.js';
import { didYouMean } from '../core/closest.js';
import { UsageError } from '../core/errors.js';
import { toJson } from '../core/json.js';
import { downstreamOf, upstreamOf, type LineageArtifact, type LineageStep } from '../lineage/index.js';
import { lineageFromStamp, lineageStampStart, writeLineageStamp } from '../workflow/lineage-stamp.js';
import type { OpenedProject } from '../workflow/open-project.js';
import { commonOptions, type CliContext } from './cli-context.js';

/** `weir lineage [model.column]`: writes target/lineage.json; with a column, prints where it comes from and goes. */
export async function lineageCommand(column: string | undefined, command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const flags = command.opts() as { output: 'text' | 'json' };
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(2);
  const traced = (count: number, reused: number, withSql: number) => ({
    level: 'info' as const, code: 'lineage_traced',
    message: `Column lineage of ${column}: traced the ${count} of ${withSql} nodes it needs${reusedText(reused, count)} in ${seconds()}s; weir lineage without a column writes target/lineage.json`,
    data: { traced: count, reused, nodes: withSql },
  });
  // An unchanged project with this column's traces stamped: answered without opening it (see lineage-stamp.ts).
  const stamped = column === undefined ? undefined : lineageFromStamp(common, column);
  if (stamped) {
    const count = Object.keys(stamped.lineage.nodes).length;
    common.logger.log({ level: 'debug', code: 'lineage_stamp', message: 'lineage: no input changed since the traces in target/lineage_cache.json (target/lineage_stamp.json); the project was not opened' });
    common.logger.log(traced(count, count, stamped.withSql));
    printColumn(context, flags.output, stamped.lineage, { id: stamped.node, name: stamped.names.get(stamped.node)!, column: stamped.column }, (id) => stamped.names.get(id) ?? id);
    return;
  }
  const stampStart = lineageStampStart(common);
  // A column of a project unchanged since its compile: read target/manifest.json instead of opening the project.
  const manifest = column === undefined ? undefined : await (await import('../workflow/lineage-manifest.js')).lineageFromManifest(common, stampStart.startedAt, column);
  if (manifest) {
    const { inputs, generated, node } = manifest;
    writeLineageStamp(common, inputs, generated, stampStart, manifest.key);
    common.logger.log({ level: 'debug', code: 'lineage_manifest', message: `lineage: no input changed since the last compile (target/compile_stamp.json); read ${inputs.part ? `${inputs.nodes.length} entries of ` : ''}target/manifest.json instead of opening the project` });
    common.logger.log(traced(generated.traced, generated.reused, generated.withSql));
    const names = new Map(generated.nodes.map((n) => [n.uniqueId, n.name]));
    printColumn(context, flags.output, generated.lineage, { id: node.uniqueId, name: node.name, column: columnName(generated.lineage, node, manifest.column) }, (id) => names.get(id) ?? id);
    return;
  }
  const [{ openProject }, { generateLineage, lineageInputs }] = await Promise.all([import('../workflow/open-project.js'), import('../workflow/lineage.js')]);
  const opened = openProject(common);
  const target = column === undefined ? undefined : findColumn(opened, column);
  const generated = await generateLineage(opened, target?.node.uniqueId);
  writeLineageStamp(common, lineageInputs(opened), generated, stampStart);
  const { lineage, path } = generated;
  const { columns, resolved, models } = lineage.coverage;
  common.logger.log(path === undefined
    ? traced(generated.traced, generated.reused, generated.withSql)
    : {
      level: 'info', code: 'lineage_written',
      message: `Column lineage of ${models} models: ${resolved} of ${columns} columns traced (${percent(resolved, columns)})${reusedText(generated.reused, generated.traced)} in ${seconds()}s; ${path}`,
      data: { ...lineage.coverage, path, reused: generated.reused },
    });
  if (!target) return;
  const name = columnName(lineage, target.node, target.column);
  printColumn(context, flags.output, lineage, { id: target.node.uniqueId, name: target.node.name, column: name }, (id) => opened.compiled.nodes.get(id)?.name ?? id);
}

function reusedText(reused: number, traced: number): string {
  return reused ? ` (${reused} of ${traced} traces reused from target/lineage_cache.json)` : '';
}

/** A column's upstream and downstream, indented by depth (or as JSON). */
function printColumn(context: CliContext, output: 'text' | 'json', lineage: Pick<LineageArtifact, 'nodes'>, start: { id: string; name: string; column: string }, label: (id: string) => string) {
  const upstream = upstreamOf(lineage, start.id, start.column);
  const downstream = downstreamOf(lineage, start.id, start.column);
  const out = context.output();
  if (output === 'json') {
    out.print(toJson({ node: start.id, column: start.column, upstream, downstream }));
    return;
  }
  out.print(`${start.name}.${start.column}`);
  for (const [title, steps] of [['upstream', upstream], ['downstream', downstream]] as const) {
    out.print(`${title}:${steps.length ? '' : ' none'}`);
    for (const step of steps) out.print(`${'  '.repeat(step.depth)}${label(step.node)}${step.column === undefined ? '' : `.${step.column}`}  (${describe(step)})`);
  }
}

/** `weir validate`: every error at once, with the model's file; exit 1 when any. */
export async function validateCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const started = performance.now();
  const { validateProject } = await import('../workflow/validate.js');
  const outcome = await validateProject(common);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  for (const problem of outcome.problems) {
    const at = problem.line === undefined ? '' : `:${problem.line}:${problem.column}`;
    common.logger.log({ level: 'error', code: 'validate_error', message: `${problem.file}${at}: ${problem.message}`, data: { ...problem } });
  }
  const errors = outcome.problems.length;
  common.logger.log({
    level: errors ? 'error' : 'info', code: 'validated',
    message: `Validated ${outcome.checked} models in ${seconds}s: ${errors ? `${errors} with errors` : 'all bind'} (nothing was built or read)`,
    data: { checked: outcome.checked, errors },
  });
  if (errors) context.setExit(1);
}

function describe(step: LineageStep): string {
  return step.column === undefined ? `${step.how.replace('_', ' ')} on ${step.from.column}` : step.how;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '100%' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** `model.column` (or `seed.column`, `source_name.table.column`) named on the command line. */
function findColumn(opened: OpenedProject, written: string): { node: CompiledNode; column: string } {
  const dot = written.lastIndexOf('.');
  if (dot <= 0 || dot === written.length - 1) {
    throw new UsageError(`'${written}' is not a column: write <model>.<column>`, { hint: 'for example weir lineage cart_details.net_total' });
  }
  const owner = written.slice(0, dot);
  const candidates = [...opened.compiled.nodes.values()].filter((n) => ['model', 'seed', 'snapshot', 'source'].includes(n.resourceType));
  const nameOf = (n: CompiledNode) => (n.resourceType === 'source' ? n.fqn.slice(1).join('.') : n.name);
  const node = candidates.find((n) => nameOf(n) === owner);
  if (!node) throw new UsageError(`no model, seed, snapshot or source named '${owner}'`, { hint: didYouMean(owner, candidates.map(nameOf)) ?? 'weir ls lists them' });
  return { node, column: written.slice(dot + 1) };
}

function columnName(lineage: LineageArtifact, node: { readonly uniqueId: string; readonly name: string }, column: string): string {
  const entry = lineage.nodes[node.uniqueId];
  if (!entry) return column;
  const found = entry.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
  if (found) return found.name;
  if (entry.problems.length > 0) return column;
  throw new UsageError(`${node.name} has no column '${column}'`, {
    hint: didYouMean(column, entry.columns.map((c) => c.name)) ?? `its columns: ${entry.columns.map((c) => c.name).join(', ')}`,
  });
}
