import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { toJson } from '../core/json.js';
import { compileOnly } from '../workflow/write-artifacts.js';
import { openProject, selectForCommand } from '../workflow/open-project.js';
import { withColumnLineage } from '../workflow/column-selection.js';
import { commonOptions, logCompiled, type CliContext } from './cli-context.js';
import type { LogEvent } from '../core/logger.js';
import { compileStampInputs, writeCompileStamp } from '../workflow/compile-stamp.js';
import { formatTable } from './table.js';

export async function compileCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const started = performance.now();
  // The events of a compile that changed nothing are replayed by the next one (see compile-stamp.ts).
  const events: LogEvent[] = [];
  const recording = { ...common, logger: { log: (event: LogEvent) => (events.push(event), common.logger.log(event)) } };
  const opened = await withColumnLineage(await compileOnly(recording), common);
  const selected = selectForCommand(opened, recording, ['model'], false);
  const models = [...opened.compiled.nodes.values()].filter((n) => n.resourceType === 'model').length;
  const stampInputs = compileStampInputs(common);
  if (stampInputs && opened.partialParse?.unchanged && selected.size === models && events.every((e) => e.code === 'partial_parse')) {
    const { project, compiled, target } = opened;
    writeCompileStamp(stampInputs, {
      targetDir: project.targetDir, folders: [...new Set(Object.values(project.paths).flat())], generation: opened.partialParse.generation,
      projectName: compiled.projectName, adapterType: target.type, targetName: target.name, models, events,
    });
  }
  logCompiled(common, models, selected.size, started, opened.project.targetDir);
}

export async function lsCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const flags = command.opts() as { output: string; resourceType?: string[] };
  const opened = await withColumnLineage(openProject(common), common);
  const types = flags.resourceType ?? ['model', 'seed', 'snapshot', 'source', 'ingest', 'test', 'unit_test'];
  const selected = selectForCommand(opened, common, types, false);
  const out = context.output();
  const nodes = [...selected].map((id) => opened.compiled.nodes.get(id)!).sort((a, b) => a.uniqueId.localeCompare(b.uniqueId));
  for (const node of nodes) {
    if (flags.output === 'json') {
      out.print(toJson({ unique_id: node.uniqueId, name: node.name, resource_type: node.resourceType, path: node.path,
        materialized: node.config.materialized, tags: node.config.tags, depends_on: node.dependsOn.nodes }));
    } else if (flags.output === 'path') out.print(node.path);
    else if (flags.output === 'name') out.print(node.name);
    else out.print(node.fqn.join('.'));
  }
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
