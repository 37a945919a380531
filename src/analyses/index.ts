export { analyse, describeCorrelation } from './analyse.js';
export { analysisRunner, prepareResultsTable, resultsTableFor, type AnalysisRun, type AnalysisOutcome } from './run-analysis.js';
export { writeAnalysesIndex, escapeHtml } from './outputs/index-html.js';
export { RESULTS_TABLE } from './outputs/results-table.js';
export { ANALYSES_DIR, LATEST, runStamp } from './outputs/run-folder.js';
export type * from './result-types.js';
export type * from './statistics/types.js';
