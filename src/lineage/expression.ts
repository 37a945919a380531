import { expandStar, fingerprintPart, looser, resolveReference, type Origin, type Scope, type TracedQuery } from './scope.js';
import type { RowSource } from './types.js';

/** A node of DuckDB's JSON syntax tree. */
export type Json = Readonly<Record<string, unknown>>;

export interface TraceContext {
  readonly aggregates: ReadonlySet<string>;
  /** Traces a subquery with `scope` as its enclosing scope (passed in: the two modules call each other). */
  traceQuery(node: Json, scope: Scope): TracedQuery;
}

/** What an expression reads: upstream columns (with how), names not traced, rows of its subqueries. */
export interface ExpressionReads {
  readonly sources: Origin[];
  readonly unresolved: string[];
  readonly rows: RowSource[];
  /** Fingerprints of the columns and subqueries read (see ColumnLineage.fingerprint). */
  readonly parts: string[];
}

export function emptyReads(): ExpressionReads {
  return { sources: [], unresolved: [], rows: [], parts: [] };
}

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The columns an expression reads. A bare column reference keeps its sources' "how" (a copy stays
 * a copy); anything computed is at least "transformed", and inside an aggregate "aggregated".
 */
export function traceExpression(expr: unknown, scope: Scope, context: TraceContext, into: ExpressionReads = emptyReads()): ExpressionReads {
  if (isJson(expr) && expr.class === 'COLUMN_REF') {
    const found = resolveReference(scope, expr.column_names as string[]);
    into.sources.push(...found.sources);
    into.unresolved.push(...found.unresolved);
    into.parts.push(fingerprintPart(found));
    return into;
  }
  walk(expr, scope, context, false, new Set(), into);
  return into;
}

function walk(value: unknown, scope: Scope, context: TraceContext, aggregated: boolean, lambdas: ReadonlySet<string>, into: ExpressionReads): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, scope, context, aggregated, lambdas, into);
    return;
  }
  if (!isJson(value)) return;
  const how = aggregated ? 'aggregated' : 'transformed';
  switch (value.class) {
    case 'COLUMN_REF': {
      const names = value.column_names as string[];
      if (lambdas.has(names[0]!.toLowerCase())) return;
      const found = resolveReference(scope, names);
      for (const origin of found.sources) into.sources.push({ ...origin, how: looser(origin.how, how) });
      into.unresolved.push(...found.unresolved);
      into.parts.push(fingerprintPart(found));
      return;
    }
    case 'STAR': {
      const { columns, problem } = expandStar(scope, String(value.relation_name ?? ''));
      if (problem) into.unresolved.push('*');
      for (const column of columns) into.parts.push(fingerprintPart(column));
      for (const column of columns) for (const origin of column.sources) into.sources.push({ ...origin, how: looser(origin.how, how) });
      return;
    }
    case 'SUBQUERY': {
      const traced = context.traceQuery((value.subquery as Json).node as Json, scope);
      for (const column of traced.columns ?? []) {
        for (const origin of column.sources) into.sources.push({ ...origin, how: looser(origin.how, how) });
        into.unresolved.push(...column.unresolved);
      }
      into.rows.push(...traced.rows);
      into.parts.push(traced.rowsFingerprint, ...traced.columns.map(fingerprintPart));
      walk(value.child, scope, context, aggregated, lambdas, into);
      return;
    }
    case 'FUNCTION':
    case 'WINDOW': {
      const inner = aggregated || context.aggregates.has(String(value.function_name).toLowerCase());
      for (const [key, child] of Object.entries(value)) {
        // A window's partition and order columns place the value; they are not summed into it.
        const placing = key === 'partitions' || key === 'orders';
        walk(child, scope, context, placing ? aggregated : inner, lambdas, into);
      }
      return;
    }
    case 'LAMBDA': {
      const params = new Set(lambdas);
      collectNames(value.lhs, params);
      walk(value.expr, scope, context, aggregated, params, into);
      return;
    }
  }
  for (const [key, child] of Object.entries(value)) if (key !== 'value' || value.class !== 'CONSTANT') walk(child, scope, context, aggregated, lambdas, into);
}

function collectNames(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectNames(item, into);
  else if (isJson(value)) {
    if (value.class === 'COLUMN_REF') into.add(String((value.column_names as string[])[0]).toLowerCase());
    else for (const child of Object.values(value)) collectNames(child, into);
  }
}
