/** Column-level lineage traced through the compiled SQL of every model (see build-lineage.ts). */
export { buildLineage } from './build-lineage.js';
export { downstreamOf, downstreamOfAll, upstreamOf, upstreamOfAll, type ColumnRef, type LineageStep } from './column-graph.js';
export type { ColumnHow, ColumnLineage, ColumnSource, Coverage, LineageArtifact, LineageNode, NodeLineage, RowHow, RowSource } from './types.js';
export { traceLineage, type TracedLineage, type TraceOptions } from './build-lineage.js';
export { nodesRead, type CachedTrace, type TraceCache } from './trace-cache.js';
export { neighbourhood, type Edges } from './neighbourhood.js';
