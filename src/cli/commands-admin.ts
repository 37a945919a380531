import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError, WeirError, errorMessage } from '../core/errors.js';
import type { Adapter, Session } from '../adapters/types.js';
import { ADAPTERS } from '../adapters/registry.js';
import { loadAnyProject } from '../dbt-project/load-any-project.js';
import { projectLoadOptions } from '../workflow/open-project.js';
import { resolveTarget } from '../project/targets.js';
import { commonOptions, type CliContext, type GlobalOptions } from './cli-context.js';
import { INIT_FILES } from './init-template.js';
import { initNextSteps } from './init-next-steps.js';

/** Checks project.yml, the target config and the connection, and says which step failed. */
export async function debugCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const out = context.output();
  out.print(`weir ${process.version.startsWith('v') ? `on node ${process.version}` : ''}`);
  const project = loadAnyProject(common.projectDir, projectLoadOptions(common));
  out.print(`project: ${project.name} (${join(project.root, project.projectFile)}) - OK`);
  out.print(`  ${project.models.length} models, ${project.seeds.length} seeds, ${project.macros.length} macro files`);
  const target = resolveTarget(project, common.target);
  out.print(`target: ${target.name} (type ${target.type}, schema ${target.schema}) - OK`);
  const adapter = await (await ADAPTERS[target.type]!.load())(target.config, { projectRoot: project.root, threads: 1 });
  const failed = (what: string, error: unknown) => {
    const hint = error instanceof WeirError && error.hint ? `\n  hint: ${error.hint}` : '';
    out.print(`${what} - FAILED: ${errorMessage(error)}${hint}`);
    context.setExit(1);
  };
  let stage = `connection: ${adapter.describe()}`;
  try {
    await adapter.withSession((session) => session.query('select 1 as ok'));
    out.print(`${stage} - OK`);
    stage = `permissions: create schema ${target.schema} and tables in it`;
    await adapter.withSession((session) => checkCanBuild(adapter, session, target.schema));
    out.print(`${stage} - OK`);
  } catch (error) {
    failed(stage, error);
  } finally {
    await adapter.close();
  }
}

/** Creates the target schema and a table in it inside a transaction that is rolled back: leaves nothing. */
async function checkCanBuild(adapter: Adapter, session: Session, schema: string): Promise<void> {
  await session.execute('begin');
  try {
    await adapter.ensureSchema(session, schema);
    await session.execute(adapter.dialect.createTableAs({ schema, identifier: 'weir_debug_check' }, 'select 1 as ok'));
  } finally {
    await session.execute('rollback').catch(() => undefined);
  }
}

/**
 * Deletes target/ (and a dbt project's clean-targets); refuses a folder that is the project itself
 * or outside it.
 */
export async function cleanCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const project = loadAnyProject(common.projectDir, projectLoadOptions(common));
  const folders = [...new Set([project.targetDir, ...(project.cleanTargets ?? []).map((f) => resolve(project.root, f))])];
  for (const folder of folders) {
    const rel = relative(project.root, folder);
    if (!rel || rel.startsWith('..') || rel.split(sep)[0] === '..' || isAbsolute(rel)) {
      throw new UsageError(`Refusing to delete ${folder}: ${folder === project.targetDir ? 'target_path' : 'each of clean-targets'} must be a folder inside the project`);
    }
  }
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    rmSync(folder, { recursive: true, force: true });
    context.output().logger.log({ level: 'info', code: 'cleaned', message: `Deleted ${relative(project.root, folder)}/` });
  }
}

/** Scaffolds a project that `weir build` builds at once (a seed, two models, properties). */
export async function initCommand(name: string, command: Command, context: CliContext) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new UsageError(`'${name}' is not a valid project name`, { hint: 'use letters, digits and _, starting with a letter' });
  }
  const global = command.optsWithGlobals() as GlobalOptions;
  const dir = resolve(global.projectDir, name);
  if (existsSync(join(dir, 'project.yml'))) {
    throw new UsageError(`${dir} already holds a project.yml`, { hint: 'pick another name or folder' });
  }
  for (const [path, content] of Object.entries(INIT_FILES)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content.replaceAll('{{project_name}}', name));
  }
  context.output().logger.log({
    level: 'info', code: 'initialized',
    message: `Created project '${name}' in ${dir}\n${initNextSteps(dir, process.cwd())}`,
  });
}
