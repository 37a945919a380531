import { relative } from 'node:path';
import type { Adapter } from '../adapters/types.js';
import type { Logger } from '../core/logger.js';
import type { Materialize } from '../execute/types.js';
import type { OpenedProject } from './open-project.js';

/** vega, vega-lite and resvg take a second to load: only commands that run analyses pay for it. */
const loadAnalyses = () => import('../analyses/index.js');

/**
 * When analyses are selected: the results table is created once up front, and analyses run through
 * src/analyses' runner (execute knows nothing of statistics or charts).
 */
export async function analysisMaterializations(
  opened: OpenedProject,
  adapter: Adapter,
  selected: ReadonlySet<string>,
): Promise<Record<string, Materialize> | undefined> {
  const analyses = [...selected].filter((id) => opened.compiled.nodes.get(id)?.analysis);
  if (analyses.length === 0) return undefined;
  const { analysisRunner, prepareResultsTable, resultsTableFor } = await loadAnalyses();
  const resultsTable = resultsTableFor(adapter);
  await prepareResultsTable(adapter, resultsTable);
  const run = analysisRunner({ targetDir: opened.project.targetDir, runId: opened.invocationId, startedAt: opened.startedAt, resultsTable });
  return { analysis: run };
}

/** Rewrites target/analyses/index.html from every analysis's latest result, and says where it is. */
export async function finishAnalyses(opened: OpenedProject, logger: Logger): Promise<void> {
  const { writeAnalysesIndex } = await loadAnalyses();
  const path = await writeAnalysesIndex(opened.project.targetDir, new Date());
  logger.log({ level: 'info', code: 'analyses_index', message: `Analyses: ${relative(process.cwd(), path) || path}`, data: { path } });
}
