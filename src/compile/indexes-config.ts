import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Project } from '../project/types.js';
import { lineOfMatch } from './resolve-config.js';

type Config = Readonly<Record<string, unknown>>;
interface ParsedModel { readonly kind: string; readonly file: { readonly name: string; readonly path: string; readonly text: string }; readonly config: Config }
interface IndexedNode {
  readonly kind: 'model' | 'seed';
  readonly name: string;
  /** The model's file, to find an inline `indexes=`. */
  readonly file?: ParsedModel['file'] | undefined;
  readonly config: Config;
}

/**
 * `indexes` is dbt-postgres's config; DuckDB and Trino have no indexes to create. dbt-duckdb ignores
 * it silently; weir ignores it too (a project shared with a PostgreSQL target keeps building) but
 * says so once, at the first place that sets it, so nobody expects an index that is not there.
 */
export function warnIgnoredIndexes(
  project: Project,
  parsed: readonly ParsedModel[],
  seeds: ReadonlyArray<{ readonly name: string; readonly config: Config }>,
  adapterType: string,
  diagnostics: Diagnostic[],
): void {
  if (adapterType === 'postgres') return;
  const nodes: IndexedNode[] = [
    ...parsed.filter((m) => m.kind === 'model').map((m) => ({ kind: 'model' as const, name: m.file.name, file: m.file, config: m.config })),
    ...seeds.map((n) => ({ kind: 'seed' as const, name: n.name, config: n.config })),
  ];
  const indexed = nodes.filter((n) => Array.isArray(n.config.indexes) && n.config.indexes.length > 0);
  if (indexed.length === 0) return;
  const first = indexed[0]!;
  const others = indexed.length - 1;
  diagnostics.push({
    severity: 'warning', ...whereSet(project, first), key: 'config.indexes',
    message: `the 'indexes' config is dbt-postgres's; ${adapterType} has no indexes, so weir ignores it (as dbt-${adapterType} does) for ${first.kind} '${first.name}'${others ? ` and ${others} more` : ''}`,
    hint: 'nothing to do if the project also builds on PostgreSQL; otherwise remove the config',
  });
}

/** The model's config() call, else its properties entry, else the project file's `+indexes:` line. */
function whereSet(project: Project, node: IndexedNode): { file: string; line: number | undefined } {
  const inline = node.file && lineOfMatch(node.file.text, /\bindexes\s*=/);
  if (node.file && inline !== undefined) return { file: node.file.path, line: inline };
  const props = (node.kind === 'model' ? project.modelProperties : project.seedProperties).get(node.name);
  const config = props?.value.config as Config | undefined;
  if (props && config?.indexes !== undefined) return { file: props.file, line: props.line };
  let text = '';
  try {
    text = readFileSync(join(project.root, project.projectFile), 'utf8');
  } catch {
    // The project file was read when the project loaded; without it, the warning has no line.
  }
  return { file: project.projectFile, line: lineOfMatch(text, /^\s*\+?indexes\s*:/m) };
}
