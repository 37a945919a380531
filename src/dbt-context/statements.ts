/**
 * dbt's statement machinery: `run_query(sql)`, `{% call statement('name', fetch_result=True) %}`,
 * `load_result('name')`, `store_result`, `adapter.execute`. While parsing (`execute` false) they do
 * nothing and return none, as in dbt.
 */
import { bind, JinjaError, keywords, pythonTruthy, splitCall, tuple } from '../jinja/index.js';
import { AgateTable } from './agate-table.js';
import { type StatementOutcome, type Warehouse, type WarehouseReplay } from './warehouse.js';

/** What the dbt context functions of one render share. */
export interface DbtScope {
  /** dbt's `execute`: false while parsing. */
  readonly execute: boolean;
  /** At execution: the warehouse, through the replay. Absent while compiling. */
  readonly replay: WarehouseReplay | undefined;
  /** Set when a template asked the warehouse while compiling: it is rendered again at execution. */
  introspected: boolean;
  /** `load_result()`'s store; one per render. */
  readonly results: Map<string, unknown>;
}

export function newScope(execute: boolean, replay: WarehouseReplay | undefined): DbtScope {
  return { execute, replay, introspected: false, results: new Map() };
}

/**
 * Thrown while compiling when a template asks the warehouse: compile renders it again with
 * `execute` false (what dbt's parse sees) and the execute stage renders it for real.
 */
export class NeedsWarehouse extends Error {
  constructor(what: string) {
    super(`${what} needs the warehouse, which only a run (not compile) has`);
    this.name = 'NeedsWarehouse';
  }
}

/** One question to the warehouse, answered through the replay; `key` identifies it (the SQL). */
export function ask<T>(scope: DbtScope, key: string, fetch: (w: Warehouse) => Promise<T>): T {
  if (!scope.replay) {
    scope.introspected = true;
    throw new NeedsWarehouse(key.split('\n')[0]!.slice(0, 60));
  }
  return scope.replay.ask(key, fetch);
}

/** dbt's AdapterResponse: prints as the engine's status message. */
export class AdapterResponse {
  readonly code: string;
  constructor(readonly _message: string, readonly rows_affected: number | null) {
    this.code = _message.split(' ')[0] ?? '';
  }
  toString(): string {
    return this._message;
  }
}

function runStatement(scope: DbtScope, sql: string, fetch: boolean, autoBegin: boolean): StatementOutcome {
  return ask(scope, `${fetch ? 'fetch' : 'run'}\n${sql}`, (w) => w.run(sql, fetch, autoBegin));
}

function responseOf(outcome: StatementOutcome): AdapterResponse {
  const rows = outcome.rowsAffected ?? (outcome.columns.length ? outcome.rows.length : null);
  return new AdapterResponse(rows === null ? 'OK' : `OK ${rows}`, rows);
}

function tableOf(outcome: StatementOutcome | undefined): AgateTable {
  return new AgateTable(outcome?.columns ?? [], outcome?.rows ?? []);
}

function store(scope: DbtScope, name: unknown, response: unknown, table: AgateTable | null, data?: unknown): void {
  const rows = data ?? (table ? tuple(table.rows.map((r) => tuple([...r]))) : tuple([]));
  scope.results.set(String(name), { response, table, data: rows });
}

export function statementFunctions(scope: DbtScope): Record<string, unknown> {
  const execute = (sql: string, fetch: boolean, autoBegin: boolean) => {
    const outcome = runStatement(scope, sql, fetch, autoBegin);
    return tuple([responseOf(outcome), fetch ? tableOf(outcome) : tableOf(undefined)]);
  };
  return {
    run_query: (sql: unknown) => {
      if (!scope.execute) return null;
      // dbt's run_query is statement('run_query_statement', fetch_result=True, auto_begin=False).
      return execute(String(sql), true, false)[1];
    },
    statement: (...args: unknown[]) => {
      const { positional, kwargs } = splitCall(args);
      const { caller, ...rest } = kwargs;
      const a = bind('statement()', ['name', 'fetch_result', 'auto_begin', 'language'], [...positional, keywords(rest)]);
      if (typeof caller !== 'function') throw new JinjaError("statement() is called as a block: {% call statement('name', fetch_result=True) %} select ... {% endcall %}");
      if (!scope.execute) return '';
      if (a.language !== undefined && a.language !== null && a.language !== 'sql') throw new JinjaError(`statement(language='${String(a.language)}'): weir runs SQL statements only`);
      const sql = String((caller as () => unknown)());
      const autoBegin = a.auto_begin === undefined || a.auto_begin === null ? true : pythonTruthy(a.auto_begin);
      const [response, table] = execute(sql, a.fetch_result === true, autoBegin) as [AdapterResponse, AgateTable];
      if (a.name !== undefined && a.name !== null) store(scope, a.name, response, a.fetch_result === true ? table : null);
      return '';
    },
    load_result: (name: unknown) => scope.results.get(String(name)) ?? null,
    store_result: (...args: unknown[]) => {
      const a = bind('store_result()', ['name', 'response', 'agate_table'], args);
      store(scope, a.name, a.response, (a.agate_table as AgateTable | undefined) ?? null);
      return '';
    },
    store_raw_result: (...args: unknown[]) => {
      const a = bind('store_raw_result()', ['name', 'message', 'code', 'rows_affected', 'agate_table'], args);
      store(scope, a.name, new AdapterResponse(String(a.message ?? 'OK'), (a.rows_affected as number | undefined) ?? null), (a.agate_table as AgateTable | undefined) ?? null);
      return '';
    },
    noop_statement: (...args: unknown[]) => {
      const a = bind('noop_statement()', ['name', 'message', 'code', 'rows_affected', 'res'], args);
      if (a.name !== undefined && a.name !== null) store(scope, a.name, new AdapterResponse(String(a.message ?? 'OK'), (a.rows_affected as number | undefined) ?? null), null, a.res);
      return '';
    },
    /** `adapter.execute(sql, auto_begin=False, fetch=False)`: (response, table). */
    adapterExecute: (...args: unknown[]) => {
      const a = bind('adapter.execute()', ['sql', 'auto_begin', 'fetch', 'limit'], args);
      if (!scope.execute) return tuple([new AdapterResponse('OK', null), tableOf(undefined)]);
      return execute(String(a.sql), a.fetch === true, a.auto_begin === true);
    },
  };
}
