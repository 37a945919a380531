import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError, errorMessage } from '../core/errors.js';
import { ADAPTERS } from '../adapters/registry.js';
import { loadProject } from '../project/load-project.js';
import { resolveTarget } from '../project/targets.js';
import type { GlobalOptions } from './main.js';
import { commonOptions, type CliContext } from './commands.js';
import { INIT_FILES } from './init-template.js';

/** Checks project.yml, the target config and the connection, and says which step failed. */
export async function debugCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const out = context.output();
  out.print(`weir ${process.version.startsWith('v') ? `on node ${process.version}` : ''}`);
  const project = loadProject(common.projectDir);
  out.print(`project: ${project.name} (${join(project.root, project.projectFile)}) - OK`);
  out.print(`  ${project.models.length} models, ${project.seeds.length} seeds, ${project.macros.length} macro files`);
  const target = resolveTarget(project, common.target);
  out.print(`target: ${target.name} (type ${target.type}, schema ${target.schema}) - OK`);
  const adapter = await (await ADAPTERS[target.type]!.load())(target.config, { projectRoot: project.root, threads: 1 });
  try {
    await adapter.withSession((session) => session.query('select 1 as ok'));
    out.print(`connection: ${adapter.describe()} - OK`);
  } catch (error) {
    out.print(`connection: ${adapter.describe()} - FAILED: ${errorMessage(error)}`);
    context.setExit(1);
  } finally {
    await adapter.close();
  }
}

/** Deletes target/; refuses a target path that is the project itself or outside it. */
export async function cleanCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const project = loadProject(common.projectDir);
  const rel = relative(project.root, project.targetDir);
  if (!rel || rel.startsWith('..') || rel.split(sep)[0] === '..') {
    throw new UsageError(`Refusing to delete ${project.targetDir}: target_path must be a folder inside the project`);
  }
  rmSync(project.targetDir, { recursive: true, force: true });
  context.output().logger.log({ level: 'info', code: 'cleaned', message: `Deleted ${rel}/` });
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
    message: `Created project '${name}' in ${dir}\nNext: cd ${relative(process.cwd(), dir) || '.'} && npx weir build`,
  });
}
