import type { LogEvent } from '../core/logger.js';
import { toJson } from '../core/json.js';

/**
 * `--log-format json` in dbt's structured event shape: one object a line, `info` with dbt's
 * CoreEventInfo keys and `data` with only the fields of dbt's message of that name (dbt-core's
 * core_types.proto), so a reader that parses a line into dbt's message accepts it. weir's events map
 * to dbt's (node start/finish, test, seed and model results, skips, errors, the run summary); the
 * rest are dbt's generic Note. weir's own code and data ride in `info.extra` (dbt's map of strings).
 * dbt's NodeStart/NodeFinished are debug-level but go out always: log pipelines key on them.
 */
export interface DbtEvent {
  readonly info: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, unknown>>;
}

type Data = Record<string, unknown>;

/** dbt's NodeInfo: which node, where it writes, and how far it got. */
interface NodeInfo {
  readonly node_path: string;
  readonly node_name: string;
  readonly unique_id: string;
  readonly resource_type: string;
  readonly materialized: string;
  readonly node_status: string;
  readonly node_started_at: string;
  readonly node_finished_at: string;
  readonly meta: unknown;
  readonly node_relation: { readonly database: string; readonly schema: string; readonly alias: string; readonly relation_name: string };
}

export interface DbtEventFormatter {
  start(version: string): DbtEvent;
  format(event: LogEvent): DbtEvent[];
  completed(command: string, success: boolean, elapsedSeconds: number): DbtEvent;
}

export function createDbtEventFormatter(invocationId: string): DbtEventFormatter {
  // A rebuild in watch mode is an invocation of its own: its run_start says which.
  let invocation = invocationId;
  const started = new Map<string, string>();
  const envelope = (name: string, code: string, level: string, msg: string, data: Data, options: { thread?: unknown; weir?: LogEvent } = {}): DbtEvent => {
    const extra: Record<string, string> = {};
    if (options.weir) {
      extra.weir_code = options.weir.code;
      if (options.weir.data && Object.keys(options.weir.data).length > 0) extra.weir_data = toJson(options.weir.data);
    }
    const thread = typeof options.thread === 'string' ? options.thread : 'MainThread';
    return { info: { name, code, msg, level, invocation_id: invocation, pid: process.pid, thread, ts: new Date().toISOString(), extra, category: '' }, data };
  };
  const nodeInfo = (d: Data, status: string, finished?: string): NodeInfo => {
    const id = String(d.uniqueId ?? '');
    const parts = (d.relationParts ?? {}) as { database?: string; schema?: string; identifier?: string };
    return {
      node_path: String(d.path ?? ''), node_name: nodeName(id), unique_id: id, resource_type: String(d.resourceType ?? ''),
      materialized: String(d.materialized ?? ''), node_status: status, node_started_at: started.get(id) ?? '', node_finished_at: finished ?? '',
      meta: d.meta ?? {},
      node_relation: { database: parts.database ?? '', schema: parts.schema ?? '', alias: parts.identifier ?? '', relation_name: String(d.relation ?? '') },
    };
  };
  return {
    start: (version) => envelope('MainReportVersion', 'A001', 'info', `Running with weir=${version}`, { version: `=${version}`, log_version: 3 }),
    completed: (command, success, elapsed) => envelope('CommandCompleted', 'Q039', 'debug', `Command \`weir ${command}\` ${success ? 'succeeded' : 'failed'} at ${new Date().toISOString()} after ${elapsed.toFixed(2)} seconds`, {
      command, success, completed_at: new Date().toISOString(), elapsed,
    }),
    format(e) {
      const d = (e.data ?? {}) as Data;
      if (e.code === 'run_start' && typeof d.invocationId === 'string') invocation = d.invocationId;
      const weir = { weir: e };
      switch (e.code) {
        case 'run_start':
          return [envelope('ConcurrencyLine', 'Q027', e.level, e.message, { num_threads: d.threads, target_name: d.target, node_count: d.nodes }, weir)];
        case 'node_start': {
          started.set(String(d.uniqueId), new Date().toISOString());
          const info = nodeInfo(d, 'started');
          return [
            envelope('NodeStart', 'Q024', 'debug', `Began running node ${info.unique_id}`, { node_info: info }, { thread: d.threadId }),
            envelope('LogStartLine', 'Q011', e.level, e.message, { node_info: info, description: String(d.kind), index: d.index, total: d.total }, { thread: d.threadId, weir: e }),
          ];
        }
        case 'node_finish':
          return nodeFinished(e, d, nodeInfo(d, String(d.status), String(d.completedAt ?? new Date().toISOString())), envelope);
        case 'node_skipped': {
          const parts = (d.relationParts ?? {}) as { schema?: string };
          const info = nodeInfo(d, 'skipped');
          return [envelope('SkippingDetails', 'Q034', e.level, e.message, {
            node_info: info, resource_type: info.resource_type, schema: parts.schema ?? '', node_name: info.node_name,
            ...(d.index !== undefined ? { index: d.index, total: d.total } : {}),
          }, weir)];
        }
        case 'summary':
          return summary(e, d, envelope);
        case 'node_error':
          return [envelope('RunResultError', 'Z024', 'error', e.message, { msg: e.message, node_info: nodeInfo(d, String(d.status ?? 'error')) }, weir)];
        case 'diagnostic': case 'aborted': case 'usage_error': case 'database_error': case 'internal_error':
          return [envelope('MainEncounteredError', 'Z002', 'error', e.message, { exc: e.message }, weir)];
        default:
          return [envelope('Note', 'Z050', e.level, e.message, { msg: e.message }, weir)];
      }
    },
  };
}

type Envelope = (name: string, code: string, level: string, msg: string, data: Data, options?: { thread?: unknown; weir?: LogEvent }) => DbtEvent;

/** dbt's result line for the node's kind, then NodeFinished with the node's run result. */
function nodeFinished(e: LogEvent, d: Data, info: NodeInfo, envelope: Envelope): DbtEvent[] {
  const common = { node_info: info, index: d.index, execution_time: d.executionTime };
  const options = { thread: d.threadId, weir: e };
  const result = d.status === 'no-op'
    ? envelope('LogNodeNoOpResult', 'Q019', e.level, e.message, { node_info: info, description: String(d.kind), status: 'no-op', index: d.index, total: d.total, execution_time: d.executionTime }, options)
    : d.resourceType === 'test' || d.resourceType === 'unit_test'
    ? envelope('LogTestResult', 'Q007', e.level, e.message, { ...common, name: info.node_name, status: d.status, num_models: d.total, num_failures: d.failures ?? 0 }, options)
    : d.resourceType === 'seed'
      ? envelope('LogSeedResult', 'Q016', e.level, e.message, { ...common, total: d.total, status: d.status, result_message: e.message, schema: info.node_relation.schema, relation: info.node_relation.alias }, options)
      : envelope('LogModelResult', 'Q012', e.level, e.message, { ...common, total: d.total, description: String(d.kind), status: d.status }, options);
  const finished = envelope('NodeFinished', 'Q025', 'debug', `Finished running node ${info.unique_id}`, {
    node_info: info,
    run_result: {
      status: d.status, message: e.message, thread: d.threadId, execution_time: d.executionTime,
      timing_info: d.startedAt ? [{ name: 'execute', started_at: d.startedAt, completed_at: d.completedAt }] : [],
      adapter_response: d.rowsAffected === undefined ? {} : { rows_affected: d.rowsAffected },
      ...(d.failures !== undefined ? { num_failures: d.failures } : {}),
    },
  }, { thread: d.threadId });
  return [result, finished];
}

/** dbt's end of a run: the count by kind, the verdict and the PASS/WARN/ERROR/SKIP line. */
function summary(e: LogEvent, d: Data, envelope: Envelope): DbtEvent[] {
  const weir = { weir: e };
  const seconds = Number(d.elapsedTime ?? 0);
  const kinds = Object.entries((d.kinds ?? {}) as Record<string, number>).sort(([a], [b]) => a.localeCompare(b));
  const statLine = kinds.map(([kind, n]) => `${n} ${n === 1 ? kind : pluralKind(kind)}`).join(', ');
  return [
    envelope('FinishedRunningStats', 'E047', 'info', `Finished running ${statLine} in ${seconds.toFixed(2)}s.`, {
      stat_line: statLine, execution: ` in ${seconds.toFixed(2)} seconds`, execution_time: seconds,
    }),
    envelope('EndOfRunSummary', 'Z030', e.level, e.message, { num_errors: d.error ?? 0, num_warnings: d.warn ?? 0, keyboard_interrupt: false }, weir),
    envelope('StatsLine', 'Z023', 'info', `Done. PASS=${d.pass} WARN=${d.warn} ERROR=${d.error} SKIP=${d.skip} NO-OP=${d.noop ?? 0} TOTAL=${d.total}`, {
      stats: { pass: d.pass, warn: d.warn, error: d.error, skip: d.skip, noop: d.noop ?? 0, total: d.total },
    }),
  ];
}

/** dbt's plural of a kind: "analyses", "saved queries", "table models". */
export function pluralKind(kind: string): string {
  return kind.endsWith('is') ? `${kind.slice(0, -2)}es` : kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

/** dbt's node_name from a unique_id: the last part, before a generic test's hash suffix (test.<pkg>.<name>.<hash>). */
function nodeName(id: string): string {
  return id.replace(/^(test\.[^.]+\.[^.]+)\.[0-9a-f]{10}$/, '$1').split('.').at(-1) ?? id;
}
