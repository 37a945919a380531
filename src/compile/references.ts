import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import { discoverFiles } from '../project/discover.js';
import { packageNameOf } from '../project/package-scope.js';
import type { Project, SqlFile } from '../project/types.js';
import { escapeRegExp, lineOfMatch } from './resolve-config.js';
import type { CompiledNode } from './types.js';

export interface ParsedRefs {
  readonly file: SqlFile;
  /** What the file defines, for messages ('model' when omitted). */
  readonly kind?: string;
  readonly refs: ReadonlyArray<{ readonly name: string; readonly package: string | undefined }>;
  readonly sources: ReadonlyArray<readonly [string, string]>;
}

/**
 * Every `ref()` must name an enabled model or seed of this project, every `source()` a declared
 * source table. A miss names the file and line of the call and the closest existing name.
 */
export function checkReferences(
  project: Project,
  models: readonly ParsedRefs[],
  seeds: readonly CompiledNode[],
  sources: readonly CompiledNode[],
  disabled: ReadonlySet<string>,
  diagnostics: Diagnostic[],
): void {
  // The python models of the project's model-paths (weir skips them, saying so), looked for only when a ref finds nothing.
  let python: Map<string, string> | undefined;
  const pythonModel = (name: string) => (python ??= new Map(discoverFiles(project.root, project.paths.models, ['.py']).map((f) => [f.slice(f.lastIndexOf('/') + 1, -3), f]))).get(name);
  // Models that failed to parse still exist: a ref to them is not a second mistake.
  const names = new Set([...[...project.models, ...project.snapshots].map((m) => m.name).filter((n) => !disabled.has(n)), ...seeds.map((s) => s.name)]);
  const packageOfName = new Map<string, string>([
    ...[...project.models, ...project.snapshots].map((m) => [m.name, packageNameOf(project, m.path)] as const),
    ...seeds.map((s) => [s.name, s.packageName] as const),
  ]);
  const packageNames = [project.name, ...(project.packages ?? []).map((p) => p.name)];
  const sourceNames = new Set(sources.map((s) => `${s.sourceName}.${s.name}`));
  const declared = new Set(project.sources.flatMap(({ value }) => value.tables.map((t) => `${value.name}.${t.name}`)));
  for (const model of models) {
    for (const ref of model.refs) {
      const inPackage = ref.package === undefined || packageOfName.get(ref.name) === ref.package;
      const known = inPackage && names.has(ref.name) && !disabled.has(ref.name);
      if (known) continue;
      const named = ref.package === undefined ? '[^)]*' : `\\s*['"]${escapeRegExp(ref.package)}['"]\\s*,\\s*`;
      const line = lineOfMatch(model.file.text, new RegExp(`ref\\s*\\(${named}['"]${escapeRegExp(ref.name)}['"]`));
      if (ref.package !== undefined && !packageNames.includes(ref.package)) {
        diagnostics.push({
          severity: 'error', file: model.file.path, line,
          message: `ref('${ref.package}', '${ref.name}') names a project or package '${ref.package}' that is not installed`,
          hint: `${didYouMean(ref.package, packageNames) ?? ''} the project and its packages: ${packageNames.join(', ')} (run weir deps after adding one to packages.yml)`.trim(),
        });
      } else if (ref.package !== undefined && names.has(ref.name) && !inPackage) {
        diagnostics.push({
          severity: 'error', file: model.file.path, line,
          message: `ref('${ref.package}', '${ref.name}'): '${ref.name}' is not in '${ref.package}', it is defined in '${packageOfName.get(ref.name)}'`,
          hint: `write ref('${packageOfName.get(ref.name)}', '${ref.name}') or ref('${ref.name}')`,
        });
      } else if (disabled.has(ref.name)) {
        diagnostics.push({
          severity: 'error', file: model.file.path, line,
          message: `${model.kind ?? 'model'} '${model.file.name}' depends on '${ref.name}', which is disabled`,
          hint: `enable '${ref.name}' or remove the ref`,
        });
      } else if (!names.has(ref.name) && pythonModel(ref.name)) {
        diagnostics.push({
          severity: 'error', file: model.file.path, line,
          message: `${model.kind ?? 'model'} '${model.file.name}' depends on '${ref.name}', a python model (${pythonModel(ref.name)}): weir does not support python models yet`,
          hint: `write ${ref.name} as a SQL model, or build the project with dbt`,
        });
      } else if (!names.has(ref.name)) {
        const close = didYouMean(ref.name, names);
        diagnostics.push({
          severity: 'error', file: model.file.path, line,
          message: `${model.kind ?? 'model'} '${model.file.name}' depends on '${ref.name}', which was not found`,
          hint: close ?? 'create the model (models/**/*.sql) or seed (seeds/*.csv), or fix the name',
        });
      }
    }
    for (const [source, table] of model.sources) {
      if (sourceNames.has(`${source}.${table}`)) continue;
      const line = lineOfMatch(model.file.text, new RegExp(`source\\s*\\(\\s*['"]${escapeRegExp(source)}['"]\\s*,\\s*['"]${escapeRegExp(table)}['"]`));
      const close = didYouMean(`${source}.${table}`, sourceNames);
      if (declared.has(`${source}.${table}`)) {
        diagnostics.push({
          severity: 'error', file: model.file.path, line,
          message: `${model.kind ?? 'model'} '${model.file.name}' depends on source '${source}.${table}', which is disabled`,
          hint: `enable it (the sources: tree of ${project.projectFile} sets +enabled: false) or remove the source()`,
        });
        continue;
      }
      diagnostics.push({
        severity: 'error', file: model.file.path, line,
        message: `${model.kind ?? 'model'} '${model.file.name}' depends on source '${source}.${table}', which is not declared`,
        hint: close ?? `declare it under 'sources:' in a properties file (name: ${source}, tables: [{name: ${table}}])`,
      });
    }
  }
}
