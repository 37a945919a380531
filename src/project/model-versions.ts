import type { Diagnostic } from '../core/diagnostics.js';
import type { ColumnProperties } from './column-schema.js';
import type { ModelVersionProperties, NodeProperties } from './schemas.js';
import type { Located, ModelVersion } from './types.js';
import type { YamlFile } from './yaml-file.js';

/**
 * dbt's `versions:` on a model entry: each version becomes a properties entry of its own, keyed by
 * its file stem, with the top-level columns (filtered by `include`/`exclude`, overridden by the
 * version's own), tests and config under its own. The model's own entry is replaced.
 */
export function expandVersions(
  entry: NodeProperties, file: string, yaml: YamlFile, path: PropertyKey[], diagnostics: Diagnostic[],
): { entries: Array<Located<NodeProperties>>; versions: ModelVersion[] } {
  const { versions = [], latest_version: latestGiven, deprecation_date: topDate, ...top } = entry;
  const numbers = versions.map((v) => String(v.v));
  const latest = latestGiven === undefined ? [...numbers].sort(compareVersions).at(-1)! : String(latestGiven);
  if (!numbers.includes(latest)) {
    diagnostics.push({
      severity: 'error', file, line: yaml.lineOf([...path, 'latest_version']), key: 'latest_version',
      message: `model '${entry.name}': latest_version ${latest} is not one of its versions (${numbers.join(', ')})`,
      hint: `add '- v: ${latest}' under versions:, or set latest_version to one of them`,
    });
  }
  const entries: Array<Located<NodeProperties>> = [];
  const out: ModelVersion[] = [];
  versions.forEach((version, i) => {
    const line = yaml.lineOf([...path, 'versions', i]);
    const stem = version.defined_in ?? `${entry.name}_v${String(version.v)}`;
    const date = version.deprecation_date ?? topDate;
    out.push({ name: entry.name, version: String(version.v), latest, stem, deprecationDate: date === undefined ? undefined : isoDate(date), file, line });
    entries.push({ file, line, value: versionEntry(top, version, stem) });
  });
  return { entries, versions: out };
}

function versionEntry(top: Omit<NodeProperties, 'versions' | 'latest_version' | 'deprecation_date'>, version: ModelVersionProperties, stem: string): NodeProperties {
  const { v: _v, defined_in: _in, deprecation_date: _date, columns, config, data_tests, tests, ...own } = version;
  return {
    ...top,
    ...own,
    name: stem,
    config: { ...top.config, ...config },
    columns: versionColumns(top.columns ?? [], columns),
    ...(top.data_tests || data_tests ? { data_tests: [...(top.data_tests ?? []), ...(data_tests ?? [])] } : {}),
    ...(top.tests || tests ? { tests: [...(top.tests ?? []), ...(tests ?? [])] } : {}),
  };
}

/** dbt's rule: all top-level columns unless `include`/`exclude` say otherwise, a version's own column replacing one of the same name. */
function versionColumns(top: readonly ColumnProperties[], own: ModelVersionProperties['columns']): ColumnProperties[] {
  if (own === undefined) return [...top];
  const selection = own.find((c) => 'include' in c) as { include: 'all' | '*' | string[]; exclude?: string[] } | undefined;
  const named = own.filter((c): c is ColumnProperties => 'name' in c);
  const included = selection && Array.isArray(selection.include) ? new Set(selection.include) : undefined;
  const excluded = new Set(selection?.exclude ?? []);
  const kept = top.filter((c) => (included === undefined || included.has(c.name)) && !excluded.has(c.name) && !named.some((n) => n.name === c.name));
  return [...kept, ...named];
}

/** Numbers as numbers, else as text, as dbt orders versions to find the latest. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  return !Number.isNaN(x) && !Number.isNaN(y) ? x - y : a.localeCompare(b);
}

function isoDate(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}
