import type { Diagnostic } from '../core/diagnostics.js';
import { nodeId } from '../core/ids.js';
import type { ModelVersion } from '../project/types.js';
import type { Project, SqlFile } from '../project/types.js';
import { escapeRegExp, lineOfMatch } from './resolve-config.js';
import type { ModelVersionInfo } from './types.js';

/**
 * dbt's model versions at compile time. Inside weir a version is the model of its file stem
 * (`dim_customers_v2`); a `ref()` is recorded as written (`dim_customers`, or `dim_customers@v2` for
 * `ref('dim_customers', v=2)`) so a new latest_version invalidates cached renders, and resolved to
 * a stem here.
 */
export function refKey(name: string, version: unknown): string {
  return version === undefined || version === null ? name : `${name}@v${String(version)}`;
}

/** The unique id dbt gives the node: `model.<project>.<name>.v<N>` for a version. */
export function modelNodeId(project: Project, kind: string, stem: string, packageName = project.name): string {
  const version = kind === 'model' ? project.modelVersions.get(stem) : undefined;
  return version ? `${nodeId('model', packageName, version.name)}.v${version.version}` : `${kind}.${packageName}.${stem}`;
}

/** The stem a recorded ref names: the latest version for a bare versioned name; unchanged for an unversioned model. */
export function refTarget(project: Project, key: string): string {
  if (project.modelVersions.size === 0) return key;
  const [name, version] = splitKey(key);
  const versions = versionsOf(project, name);
  if (versions.length === 0) return name;
  const wanted = version ?? versions[0]!.latest;
  return versions.find((v) => v.version === wanted)?.stem ?? name;
}

/**
 * Refs of a parsed file as stems. A version that does not exist, or a version of an unversioned
 * model, is an error naming the versions there are; a ref to a version past its deprecation_date
 * is dbt's warning.
 */
export function resolveVersionRefs<R extends { readonly name: string }>(project: Project, file: SqlFile, refs: readonly R[], diagnostics: Diagnostic[]): R[] {
  if (!refs.some((r) => r.name.includes('@v')) && project.modelVersions.size === 0) return [...refs];
  const today = new Date().toISOString().slice(0, 10);
  return refs.map((ref) => {
    const [name, version] = splitKey(ref.name);
    const versions = versionsOf(project, name);
    const line = lineOfMatch(file.text, new RegExp(`ref\\s*\\([^)]*['"]${escapeRegExp(name)}['"]`));
    const found = versions.find((v) => v.version === (version ?? v.latest));
    if (version !== undefined && !found && (versions.length > 0 || project.models.some((m) => m.name === name))) {
      const where = versions[0] ? ` (${versions[0].file}${versions[0].line ? `:${versions[0].line}` : ''})` : '';
      diagnostics.push({
        severity: 'error', file: file.path, line,
        message: versions.length === 0
          ? `ref('${name}', v=${version}) names a version, but model '${name}' has no versions`
          : `ref('${name}', v=${version}): model '${name}' has no version ${version}; its versions are ${versions.map((v) => v.version).join(', ')}${where}`,
        hint: versions.length === 0 ? `write ref('${name}')` : `write ref('${name}', v=${versions[0]!.latest}) for the latest, or add '- v: ${version}' under its versions:`,
      });
      // Resolved to the latest so the same call is not reported again as a missing model.
      return { ...ref, name: versions.find((v) => v.version === v.latest)?.stem ?? name };
    }
    if (found?.deprecationDate !== undefined && found.deprecationDate.slice(0, 10) < today) {
      diagnostics.push({
        severity: 'warning', file: file.path, line,
        message: `While compiling '${file.name}': Found a reference to ${name}.v${found.version}, which was deprecated on '${found.deprecationDate.slice(0, 10)}'.${found.version !== found.latest ? ` A new version of '${name}' is available. Migrate now: {{ ref('${name}', v='${found.latest}') }}.` : ''}`,
      });
    }
    return found ? { ...ref, name: found.stem } : ref;
  });
}

function splitKey(key: string): [string, string | undefined] {
  const at = key.lastIndexOf('@v');
  return at < 0 ? [key, undefined] : [key.slice(0, at), key.slice(at + 2)];
}

function versionsOf(project: Project, name: string): ModelVersion[] {
  return [...project.modelVersions.values()].filter((v) => v.name === name);
}

/** Each version needs its file: `<name>_v<N>.sql`, or the one `defined_in` names. */
export function checkVersionFiles(project: Project, diagnostics: Diagnostic[]): void {
  const stems = new Set(project.models.map((m) => m.name));
  for (const v of project.modelVersions.values()) {
    if (stems.has(v.stem)) continue;
    diagnostics.push({
      severity: 'error', file: v.file, line: v.line,
      message: `version ${v.version} of model '${v.name}' has no SQL file: no model file is named ${v.stem}.sql`,
      hint: `create ${v.stem}.sql beside the model's other files, or name its file with defined_in: (without .sql)`,
    });
  }
}

/** A version's fields on its compiled node: dbt's name/version/latest, and its fqn ending `<name>, v<N>`. */
export function versionFields(project: Project, file: SqlFile): { version?: ModelVersionInfo; fqn?: readonly string[] } {
  const v = project.modelVersions.get(file.name);
  if (!v) return {};
  return {
    version: { name: v.name, version: v.version, latest: v.latest, ...(v.deprecationDate ? { deprecationDate: v.deprecationDate } : {}) },
    fqn: [...file.fqn.slice(0, -1), v.name, `v${v.version}`],
  };
}
