import type { Diagnostic } from '../core/diagnostics.js';
import type { Project } from '../project/types.js';
import type { Relation } from './types.js';

/** Something weir writes to a relation: a model, a seed, or the load of an ingested source table. */
export interface RelationWriter {
  readonly kind: 'model' | 'seed' | 'ingested source table';
  /** `orders`, or `shop.orders` for a source table. */
  readonly name: string;
  readonly file: string;
  readonly line?: number | undefined;
  readonly relation: Relation;
}

/** The ingested source tables of a project, with the relation each load writes. */
export function ingestWriters(project: Project, findLine: (file: string, fromLine: number | undefined, word: string) => number | undefined): RelationWriter[] {
  return project.sources.flatMap(({ value: source, file, line }) =>
    source.tables.filter((table) => table.ingest).map((table) => ({
      kind: 'ingested source table' as const,
      name: `${source.name}.${table.name}`,
      file,
      line: findLine(file, line, table.name),
      relation: { schema: source.schema ?? source.name, identifier: table.identifier ?? table.name },
    })),
  );
}

/**
 * Two writers of one relation would silently replace each other's table (a model named like a raw
 * table would drop the loaded data at every build): each clash is an error naming both files. Names
 * compare case-insensitively, as DuckDB does.
 */
export function checkRelationClashes(writers: readonly RelationWriter[], diagnostics: Diagnostic[]): void {
  const first = new Map<string, RelationWriter>();
  const place = (w: RelationWriter) => `${w.file}${w.line ? `:${w.line}` : ''}`;
  for (const writer of writers) {
    const key = `${writer.relation.schema}.${writer.relation.identifier}`.toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, writer);
      continue;
    }
    // Point at the model when there is one: renaming or aliasing it is the usual fix.
    const [blamed, other] = writer.kind === 'model' || earlier.kind !== 'model' ? [writer, earlier] : [earlier, writer];
    diagnostics.push({
      severity: 'error',
      file: blamed.file,
      line: blamed.line,
      message: `${blamed.kind} '${blamed.name}' and ${other.kind} '${other.name}' (${place(other)}) both write the relation ${writer.relation.schema}.${writer.relation.identifier}: each build would replace the other's table`,
      hint: blamed.kind === 'model'
        ? `rename the model, or give it another relation with config(alias='...') or config(schema='...')`
        : `rename one of them, or give the ${blamed.kind === 'seed' ? 'seed an alias or schema in its config' : 'source table an identifier: (or the source a schema:)'}`,
    });
  }
}
