import { emptyReads, isJson, traceExpression, type ExpressionReads, type Json, type TraceContext } from './expression.js';
import { baseColumns, expandStar, findCte, fingerprintOf, fingerprintPart, looser, newScope, type Derived, type Entry, type Scope, type TracedQuery } from './scope.js';
import type { RowHow, RowSource } from './types.js';

/** A relation the SQL names, as a node of the project with the columns it is known to have. */
export interface KnownRelation {
  readonly node: string;
  readonly columns: readonly string[] | undefined;
  /** Whether `columns` is all of them (traced, a seed's header, the catalog) or only the documented ones. */
  readonly complete: boolean;
}

export interface Relations {
  /** A table or view by schema and name (lower case). */
  find(schema: string, table: string): KnownRelation | undefined;
  /** An ephemeral model by the CTE name compile inlines it as. */
  ephemeral(cte: string): KnownRelation | undefined;
}

/** Traces a whole statement (the `node` of json_serialize_sql's first statement). */
export function traceStatement(node: Json, relations: Relations, aggregates: ReadonlySet<string>): TracedQuery {
  const context: TraceContext = { aggregates, traceQuery: (query, scope) => traceQuery(query, scope, relations, context) };
  return traceQuery(node, undefined, relations, context);
}

function traceQuery(node: Json, parent: Scope | undefined, relations: Relations, context: TraceContext): TracedQuery {
  const scope = newScope(parent);
  const problems: string[] = [];
  const rows: RowSource[] = [];
  for (const item of ((node.cte_map as Json | undefined)?.map as Json[] | undefined) ?? []) {
    const cte = (item.value as Json).query as Json;
    const traced = traceQuery(cte.node as Json, scope, relations, context);
    scope.ctes.set(String(item.key).toLowerCase(), renamed(traced, (item.value as Json).aliases as string[] | undefined));
  }
  switch (node.type) {
    case 'SELECT_NODE':
      return traceSelect(node, scope, relations, context);
    case 'SET_OPERATION_NODE':
    case 'RECURSIVE_CTE_NODE': {
      const left = traceQuery(node.left as Json, scope, relations, context);
      if (node.type === 'RECURSIVE_CTE_NODE') scope.ctes.set(String(node.cte_name).toLowerCase(), left);
      const right = traceQuery(node.right as Json, scope, relations, context);
      return mergeSides(node, left, right);
    }
    default:
      problems.push(`a ${String(node.type).toLowerCase().replace(/_node$/, '')} query is not traced`);
      return { columns: [], complete: false, rows, problems, rowsFingerprint: fingerprintOf(node) };
  }
}

/**
 * UNION/INTERSECT/EXCEPT: columns by position, named by the left side. Which rows survive a UNION
 * (distinct), INTERSECT or EXCEPT depends on every column, so all of them go in its rows fingerprint.
 */
function mergeSides(node: Json, left: TracedQuery, right: TracedQuery): TracedQuery {
  const problems = [...left.problems, ...right.problems];
  const rows = [...left.rows, ...right.rows];
  const rowsFingerprint = fingerprintOf(node.type, node.setop_type, node.setop_all, node.modifiers, left.rowsFingerprint, right.rowsFingerprint,
    [...left.columns, ...right.columns].map(fingerprintPart));
  if (!left.complete || !right.complete) return { columns: left.columns, complete: false, rows, problems, rowsFingerprint };
  const columns = left.columns.map((column, i) => {
    const other = right.columns[i];
    return other
      ? { name: column.name, sources: [...column.sources, ...other.sources], unresolved: [...column.unresolved, ...other.unresolved], fingerprint: fingerprintOf(fingerprintPart(column), fingerprintPart(other), rowsFingerprint) }
      : column;
  });
  return { columns, complete: true, rows, problems, rowsFingerprint };
}

function renamed(query: TracedQuery, aliases: readonly string[] | undefined): TracedQuery {
  if (!aliases?.length) return query;
  return { ...query, columns: query.columns.map((c, i) => (aliases[i] ? { ...c, name: aliases[i]! } : c)) };
}

function traceSelect(node: Json, scope: Scope, relations: Relations, context: TraceContext): TracedQuery {
  const problems: string[] = [];
  const rows: RowSource[] = [];
  addFromItem(node.from_table as Json, scope, relations, context, rows, problems);
  // Every column of this select is computed over the rows these choose.
  const rowsFingerprint = fingerprintOf(node.from_table, node.where_clause, node.having, node.qualify, node.group_expressions, node.group_sets,
    node.aggregate_handling, node.modifiers, node.sample, scope.entries.map((e) => e.rows ?? ''));
  let listed = true;
  let openBase: string | undefined;
  for (const item of node.select_list as Json[]) {
    if (item.class === 'STAR' && !item.expr && !item.columns) {
      const { columns, problem, openBase: open } = expandStar(scope, String(item.relation_name ?? ''));
      const excluded = new Set(((item.exclude_list as unknown[]) ?? []).map((e) => String(isJson(e) ? e.column : e).toLowerCase()));
      const replaced = new Map(((item.replace_list as Json[]) ?? []).map((r) => [String(r.key).toLowerCase(), r.value]));
      for (const column of columns) {
        const name = column.name.toLowerCase();
        if (excluded.has(name)) continue;
        scope.outputs.push(replaced.has(name)
          ? computed(column.name, replaced.get(name), scope, context, rows, rowsFingerprint)
          : { ...column, fingerprint: fingerprintOf(fingerprintPart(column), rowsFingerprint) });
      }
      if (problem) {
        openBase = listed && open ? open : undefined;
        listed = false;
        problems.push(problem);
      }
      continue;
    }
    if (item.class === 'STAR') {
      listed = false;
      problems.push('COLUMNS(...) and * with a pattern are not traced');
      continue;
    }
    scope.outputs.push(computed(outputName(item), item, scope, context, rows, rowsFingerprint));
  }
  for (const [key, how] of [['where_clause', 'filter'], ['having', 'filter'], ['qualify', 'filter'], ['group_expressions', 'group_by']] as const) {
    addRows(traceExpression(node[key], scope, context), how, rows);
  }
  return { columns: scope.outputs, complete: listed, openBase, rows, problems, rowsFingerprint };
}

function computed(name: string, expr: unknown, scope: Scope, context: TraceContext, rows: RowSource[], rowsFingerprint: string): Derived {
  const reads = traceExpression(expr, scope, context);
  rows.push(...reads.rows);
  // The alias is left out: a renamed column is matched by name, and its readers' SQL changed too.
  const written = isJson(expr) ? { ...expr, alias: undefined } : expr;
  return { ...computedFrom(name, reads), fingerprint: fingerprintOf(written, reads.parts, rowsFingerprint) };
}

function computedFrom(name: string, reads: ExpressionReads): Derived {
  return { name, sources: dedupe(reads.sources), unresolved: [...new Set(reads.unresolved)] };
}

/** A CTE or subquery as a FROM item: a partial list with an open base passes other names to that table. */
function entryOf(alias: string, traced: TracedQuery): Entry {
  if (traced.complete) return { alias, columns: traced.columns, rows: traced.rowsFingerprint };
  return { alias, columns: traced.columns, partial: true, base: traced.openBase, rows: traced.rowsFingerprint };
}

/** The name the engine gives a select item: its alias, else the column it reads. */
function outputName(item: Json): string {
  if (item.alias) return String(item.alias);
  if (item.class === 'COLUMN_REF') return (item.column_names as string[]).at(-1)!;
  if (item.class === 'FUNCTION' || item.class === 'WINDOW') return String(item.function_name);
  if (item.class === 'CAST' && isJson(item.child)) return outputName(item.child);
  return '?column?';
}

function addRows(reads: ExpressionReads, how: RowHow, rows: RowSource[]): void {
  rows.push(...reads.rows);
  for (const origin of reads.sources) rows.push({ node: origin.node, column: origin.column, how });
}

function addFromItem(item: Json | null | undefined, scope: Scope, relations: Relations, context: TraceContext, rows: RowSource[], problems: string[]): void {
  if (!item) return;
  const alias = String(item.alias ?? '').toLowerCase();
  const aliases = (item.column_name_alias as string[] | undefined) ?? [];
  const push = (entry: Entry) => scope.entries.push(aliases.length && entry.columns ? { ...entry, columns: entry.columns.map((c, i) => (aliases[i] ? { ...c, name: aliases[i]! } : c)) } : entry);
  switch (item.type) {
    case 'EMPTY':
      return;
    case 'BASE_TABLE': {
      const table = String(item.table_name).toLowerCase();
      const schema = String(item.schema_name ?? '').toLowerCase();
      const name = alias || table;
      const known = schema ? relations.find(schema, table) : relations.ephemeral(table);
      const cte = !schema && !known ? findCte(scope, table) : undefined;
      if (cte) {
        rows.push(...cte.rows);
        push(entryOf(name, cte));
      } else if (known) {
        push({ alias: name, columns: known.columns && baseColumns(known.node, known.columns), base: known.node, partial: !known.complete });
      } else {
        problems.push(`${schema ? `${schema}.` : ''}${table} is not a model, seed, source or snapshot of the project`);
        push({ alias: name, columns: undefined });
      }
      return;
    }
    case 'SUBQUERY': {
      const traced = context.traceQuery((item.subquery as Json).node as Json, scope);
      rows.push(...traced.rows);
      if (!traced.openBase) problems.push(...traced.problems);
      push(entryOf(alias, traced));
      return;
    }
    case 'JOIN': {
      addFromItem(item.left as Json, scope, relations, context, rows, problems);
      const before = scope.entries.length;
      addFromItem(item.right as Json, scope, relations, context, rows, problems);
      const using = ((item.using_columns as string[]) ?? []).map((c) => c.toLowerCase());
      if (using.length) {
        // USING: the column appears once in `select *`, from the left side; both sides are joined on.
        for (let i = before; i < scope.entries.length; i++) scope.entries[i] = { ...scope.entries[i]!, hidden: new Set(using) };
        for (const column of using) {
          for (const entry of scope.entries) {
            const found = entry.columns?.find((c) => c.name.toLowerCase() === column);
            for (const origin of found?.sources ?? (entry.base ? [{ node: entry.base, column }] : [])) rows.push({ node: origin.node, column: origin.column, how: 'join' });
          }
        }
      }
      addRows(traceExpression(item.condition, scope, context), 'join', rows);
      return;
    }
    default: {
      // Table functions (unnest, read_csv, generate_series), VALUES, PIVOT: columns not listed,
      // but what their arguments read is what their columns are computed from.
      const reads = traceExpression(item.function ?? item.values ?? null, scope, context, emptyReads());
      rows.push(...reads.rows);
      const fallback = computedFrom(alias, reads);
      push({ alias, columns: aliases.length ? aliases.map((name) => ({ ...fallback, name })) : undefined, fallback });
    }
  }
}

function dedupe(origins: readonly Derived['sources'][number][]): Derived['sources'] {
  const seen = new Map<string, Derived['sources'][number]>();
  for (const origin of origins) {
    const key = `${origin.node}\u0000${origin.column.toLowerCase()}`;
    const had = seen.get(key);
    seen.set(key, had ? { ...had, how: looser(had.how, origin.how) } : origin);
  }
  return [...seen.values()];
}
