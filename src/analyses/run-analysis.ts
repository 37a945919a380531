import type { Adapter, RelationRef, Session } from '../adapters/types.js';
import type { CompiledNode } from '../compile/types.js';
import { DEFAULT_KEEP_RUNS } from '../project/analysis-schema.js';
import { analyse } from './analyse.js';
import { chartSpec } from './charts/specs.js';
import { renderSvg, svgToPng } from './charts/render.js';
import { toCsv } from './outputs/csv.js';
import { createResultsTableSql, insertResultsSql, migrateResultsTableSql, resultRows, RESULTS_TABLE } from './outputs/results-table.js';
import { runStamp, writeRunFolder } from './outputs/run-folder.js';
import type { AnalysisRecord } from './result-types.js';
import { toJson } from '../core/json.js';

/** What one run of analyses shares: where files go, which run this is, where results are appended. */
export interface AnalysisRun {
  readonly targetDir: string;
  readonly runId: string;
  readonly startedAt: Date;
  readonly resultsTable: RelationRef;
}

/** The slice of a materialization context an analysis needs (execute's MaterializeContext fits). */
export interface AnalysisContext {
  readonly adapter: Adapter;
  readonly session: Session;
  readonly statements: string[];
}

export interface AnalysisOutcome {
  readonly rowsAffected: number | undefined;
  readonly action: string;
  /** The data could not answer the question (too few rows, no variation...): the node ends in `warn`. */
  readonly warn?: boolean;
}

export function resultsTableFor(adapter: Adapter): RelationRef {
  return { schema: adapter.defaultSchema, identifier: RESULTS_TABLE };
}

/**
 * Creates the results table once, before analyses run in parallel (concurrent DDL races on both
 * engines), and adds the columns a table made by an older weir lacks.
 */
export async function prepareResultsTable(adapter: Adapter, table: RelationRef): Promise<void> {
  await adapter.withSession(async (session) => {
    await adapter.ensureSchema(session, table.schema);
    await session.execute(createResultsTableSql(adapter.dialect, table));
    const existing = (await adapter.columns(session, table)).map((c) => c.name);
    for (const statement of migrateResultsTableSql(adapter.dialect, table, existing)) await session.execute(statement);
  });
}

/**
 * Runs one analysis: its query, the statistics, the chart (SVG, and PNG unless `chart.png: false`),
 * the run folder and latest/, and one appended row per statistic in the results table. An analysis
 * with no kind in yml is compiled only, as dbt's analyses are.
 */
export function analysisRunner(run: AnalysisRun) {
  const stamp = runStamp(run.startedAt);
  return async (node: CompiledNode, context: AnalysisContext): Promise<AnalysisOutcome> => {
    const spec = node.analysis;
    if (!spec) return { rowsAffected: undefined, action: `compiled ${node.name} (no kind in its yml, so nothing to compute)` };
    context.statements.push(node.compiledCode);
    const table = await context.session.query(node.compiledCode);
    const analysed = analyse(spec, table, { name: node.name, sqlFile: node.path, ymlFile: node.patchPath });
    const svg = await renderSvg(chartSpec(node.name, analysed, spec.chart));
    const png = spec.chart?.png === false ? undefined : svgToPng(svg);
    const files = ['result.json', 'chart.svg', ...(png ? ['chart.png'] : []), 'data.csv'];
    const record: AnalysisRecord = {
      analysis: node.name, uniqueId: node.uniqueId, description: node.description, sqlFile: node.path, ymlFile: node.patchPath,
      run: { id: run.runId, startedAt: run.startedAt.toISOString(), folder: stamp }, result: analysed.result, files,
    };
    await writeRunFolder(run.targetDir, node.name, stamp, {
      'result.json': `${toJson(record, 2)}\n`, 'chart.svg': svg, 'chart.png': png, 'data.csv': toCsv(table.columns, table.rows),
    }, spec.keep_runs ?? DEFAULT_KEEP_RUNS);
    const rows = resultRows(node.name, analysed.result);
    if (rows.length > 0) {
      const insert = insertResultsSql(context.adapter.dialect, run.resultsTable, rows, { id: run.runId, startedAt: run.startedAt });
      context.statements.push(insert);
      await context.session.execute(insert);
    }
    const { result } = analysed;
    const warnings = result.warnings.map((w) => `; warning: ${w}`).join('');
    return {
      rowsAffected: result.n,
      action: `analysed ${node.name}: ${result.status === 'ok' ? result.summary : result.message}${warnings}`,
      ...(result.status === 'ok' && result.warnings.length === 0 ? {} : { warn: true }),
    };
  };
}
