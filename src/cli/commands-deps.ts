import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DiagnosticsError } from '../core/diagnostics.js';
import { checkDbtVersion } from '../dbt-project/dbt-version.js';
import { DEFAULT_INSTALL_PATH, installPackages } from '../packages/index.js';
import { parseYaml } from '../project/yaml-file.js';
import { commonOptions, type CliContext } from './cli-context.js';

/**
 * `weir deps`: installs packages.yml's packages into dbt_project.yml's packages-install-path and
 * writes package-lock.yml. Only dbt_project.yml's install path is read, so it runs in a project
 * whose packages are not installed yet (which loading the whole project refuses).
 */
export async function depsCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const root = resolve(common.projectDir);
  const logger = context.output().logger;
  const installed = await installPackages({
    projectDir: root,
    installPath: installPathOf(root),
    env: process.env,
    vars: common.vars,
    dbtVersionOk: (required) => required === undefined || checkDbtVersion(required).failed.length === 0,
    upgrade: (command.opts() as { upgrade?: boolean }).upgrade === true,
    log: (message) => logger.log({ level: 'info', code: 'deps', message }),
  });
  logger.log({ level: 'info', code: 'deps_done', message: `${installed.length} package(s) installed` });
}

function installPathOf(root: string): string {
  const file = join(root, 'dbt_project.yml');
  if (!existsSync(file)) return DEFAULT_INSTALL_PATH;
  const parsed = parseYaml(readFileSync(file, 'utf8'), 'dbt_project.yml');
  if (!parsed.yaml) throw new DiagnosticsError(parsed.diagnostics);
  const path = (parsed.yaml.value as Record<string, unknown>)['packages-install-path'];
  return typeof path === 'string' && path.length > 0 ? path : DEFAULT_INSTALL_PATH;
}
