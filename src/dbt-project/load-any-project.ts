import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { loadProject, PROJECT_FILE } from '../project/load-project.js';
import type { Project } from '../project/types.js';
import { resolveTarget } from '../project/targets.js';
import { targetContext } from './target-context.js';
import { propertiesRenderer } from './render-yml.js';
import { DBT_PROJECT_FILE, loadDbtProject, type DbtLoadOptions } from './load-dbt-project.js';

/**
 * The project in a folder, whichever file declares it. project.yml wins when both are there: it is
 * weir's own file, written on purpose, while dbt_project.yml may be kept for dbt running beside weir.
 */
export function loadAnyProject(projectDir: string, options: DbtLoadOptions = {}): Project {
  const root = resolve(projectDir);
  if (existsSync(join(root, PROJECT_FILE))) {
    const env = options.env ?? process.env;
    return loadProject(root, {
      ...options,
      ymlRenderer: (settings) => propertiesRenderer(() => ({
        vars: { ...settings.vars, ...options.vars }, env, target: targetContext(resolveTarget(settings, options.target, env), settings.name),
      })),
    });
  }
  if (existsSync(join(root, DBT_PROJECT_FILE))) return loadDbtProject(root, options);
  throw new UsageError(`No ${PROJECT_FILE} or ${DBT_PROJECT_FILE} found in ${root}.`, {
    hint: 'run weir inside a weir or dbt project, pass --project-dir <dir>, or create one with `weir init <name>`',
  });
}

