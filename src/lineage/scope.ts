import { createHash } from 'node:crypto';
import type { ColumnHow, ColumnLineage, ColumnSource, RowSource } from './types.js';

/**
 * The names a query can see while it is traced: its FROM items (each with the columns it offers,
 * when known), its CTEs, and the enclosing query's scope for correlated references.
 */

/** An upstream column an expression reads, and how closely. */
export type Origin = ColumnSource;

/** A column a query or FROM item offers: where it comes from, and what could not be traced. */
export type Derived = ColumnLineage;

/** A traced query: its output columns and its row sources. */
export interface TracedQuery {
  /** The columns listed; with `complete` false, only some of them (a `select *` over unknown columns). */
  readonly columns: readonly Derived[];
  readonly complete: boolean;
  /** When the unlisted columns are a `select *` of one table: any other name is that node's column. */
  readonly openBase?: string | undefined;
  readonly rows: readonly RowSource[];
  readonly problems: readonly string[];
  /** A hash of what chooses its rows (FROM, WHERE, GROUP BY, HAVING, QUALIFY, DISTINCT, LIMIT...). */
  readonly rowsFingerprint: string;
}

/**
 * A short hash of syntax trees and strings, without the parser's character offsets and without
 * schema and database names, so a dev build compares with production's (as node fingerprints do).
 */
export function fingerprintOf(...parts: unknown[]): string {
  const text = JSON.stringify(parts, (key, value) => (IGNORED.has(key) ? undefined : value));
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

const IGNORED = new Set(['query_location', 'schema_name', 'catalog_name']);

/** What a read column contributes to a fingerprint: its own, or (a table's column) its name. */
export function fingerprintPart(column: Derived): string {
  return column.fingerprint ?? column.sources.map((s) => `${s.node}.${s.column.toLowerCase()}`).join(',');
}

/** One FROM item. */
export interface Entry {
  /** Its alias (or table name), lower case. */
  readonly alias: string;
  readonly columns: readonly Derived[] | undefined;
  /** A table or view whose columns are not listed: any name read from it is that node's column. */
  readonly base?: string | undefined;
  /** The listed columns may be only some of them (a properties file's): other names are the base's too. */
  readonly partial?: boolean | undefined;
  /** A table function's (unnest, read_csv): whatever its columns are called, they are computed from these. */
  readonly fallback?: Derived | undefined;
  /** Columns a `select *` leaves out (the right side's USING columns). */
  readonly hidden?: ReadonlySet<string> | undefined;
  /** A CTE's or subquery's rows fingerprint. */
  readonly rows?: string | undefined;
}

export interface Scope {
  readonly parent: Scope | undefined;
  readonly ctes: Map<string, TracedQuery>;
  readonly entries: Entry[];
  /** The select list traced so far: DuckDB lets a later expression use an earlier alias. */
  readonly outputs: Derived[];
}

export function newScope(parent: Scope | undefined): Scope {
  return { parent, ctes: new Map(), entries: [], outputs: [] };
}

export function findCte(scope: Scope | undefined, name: string): TracedQuery | undefined {
  for (let s = scope; s; s = s.parent) {
    const found = s.ctes.get(name);
    if (found) return found;
  }
  return undefined;
}

const RANK: Record<ColumnHow, number> = { copied: 0, transformed: 1, aggregated: 2 };

export function looser(a: ColumnHow, b: ColumnHow): ColumnHow {
  return RANK[a] >= RANK[b] ? a : b;
}

const NOT_FOUND: Derived = { name: '', sources: [], unresolved: [] };

/** What a column reference (`col`, `alias.col`, `schema.table.col`, `col.field`) reads. */
export function resolveReference(scope: Scope, parts: readonly string[]): Derived {
  const names = parts.map((p) => p.toLowerCase());
  const written = parts.join('.');
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const found = resolveIn(s, names);
    if (found) return found;
  }
  return { ...NOT_FOUND, unresolved: [written] };
}

function resolveIn(scope: Scope, names: readonly string[]): Derived | undefined {
  for (const skip of [1, 2]) {
    if (names.length <= skip) break;
    const entry = scope.entries.find((e) => e.alias === names[skip - 1]);
    if (entry) return columnOf(entry, names[skip]!);
  }
  const name = names[0]!;
  const listed = scope.entries.find((e) => e.columns?.some((c) => c.name.toLowerCase() === name));
  if (listed) return columnOf(listed, name);
  const unlisted = scope.entries.filter((e) => e.columns === undefined || e.partial);
  if (unlisted.length === 1) return columnOf(unlisted[0]!, name);
  const earlier = scope.outputs.find((c) => c.name.toLowerCase() === name);
  if (earlier) return earlier;
  return undefined;
}

function columnOf(entry: Entry, name: string): Derived {
  if (entry.columns) {
    const found = entry.columns.find((c) => c.name.toLowerCase() === name);
    if (found) return found;
  }
  if (entry.base) return { name, sources: [{ node: entry.base, column: name, how: 'copied' }], unresolved: [] };
  if (entry.fallback) return { ...entry.fallback, name };
  return { ...NOT_FOUND, unresolved: [`${entry.alias}.${name}`] };
}

/** A listed relation's columns as copies of themselves (a model's, seed's or source's). */
export function baseColumns(node: string, names: readonly string[]): Derived[] {
  return names.map((name) => ({ name, sources: [{ node, column: name, how: 'copied' as const }], unresolved: [] }));
}

/**
 * The columns `*` (or `alias.*`) expands to. When some FROM item's columns are unknown: a problem,
 * and `openBase` when that is one table (its columns pass through under their own names).
 */
export function expandStar(scope: Scope, relation: string): { columns: Derived[]; problem?: string; openBase?: string | undefined } {
  const entries = relation ? scope.entries.filter((e) => e.alias === relation.toLowerCase()) : scope.entries;
  const columns: Derived[] = [];
  const unknown = entries.filter((e) => !e.columns || e.partial);
  for (const entry of entries) for (const column of entry.columns ?? []) if (!entry.hidden?.has(column.name.toLowerCase())) columns.push(column);
  if (unknown.length === 0) return { columns };
  const problem = `select * from ${unknown.map((e) => e.alias).join(', ')}: its columns are not known (list them in a properties file, or run weir docs generate so target/catalog.json has them)`;
  return { columns, problem, openBase: unknown.length === 1 && entries.length === 1 ? unknown[0]!.base : undefined };
}
