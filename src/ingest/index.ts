export { ingestSchema, type IngestConfig } from './config.js';
export type { IngestContext, IngestOutcome, IngestRunOptions, IngestSpec } from './context.js';
export { IngestError } from './errors.js';
export { runIngest } from './run-ingest.js';
export { removeStaleWorkDirs } from './work-dir.js';
