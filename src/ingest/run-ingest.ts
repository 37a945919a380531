import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestContext, IngestOutcome, IngestSpec } from './context.js';
import { newBatchId } from './context.js';
import { DEFAULT_KEEP_BATCHES } from './config.js';
import { lakeTableDir, markBatchLoaded, pruneBatches } from './landing.js';
import type { RecordLoaderOptions } from './raw-load.js';
import { runFileIngest } from './run-files.js';
import { runHttpIngest } from './run-http.js';
import { ingestWorkDir } from './work-dir.js';
import type { ColumnPins } from './schema.js';

/**
 * Loads one source table from its `ingest:` block. Throws an IngestError (or a database error) on
 * failure; by then the staging table is gone and the target still holds the previous good data.
 */
export async function runIngest(spec: IngestSpec, context: IngestContext): Promise<IngestOutcome> {
  const { config } = spec;
  const loadedAt = new Date();
  const batchId = newBatchId(loadedAt);
  const pins: Record<string, { name: string; sqlType: string | undefined }> = {};
  for (const [field, pin] of Object.entries(config.columns)) {
    pins[field] = typeof pin === 'string' ? { name: field, sqlType: pin } : { name: pin.name ?? field, sqlType: pin.data_type };
  }
  const workDir = ingestWorkDir(context.targetDir, spec.sourceName, spec.tableName, batchId);
  const load: RecordLoaderOptions = {
    adapter: context.adapter,
    session: context.session,
    relation: spec.relation,
    label: `${spec.sourceName}.${spec.tableName}`,
    // --full-refresh rebuilds appended and merged tables from scratch.
    disposition: context.fullRefresh ? 'replace' : config.write_disposition,
    primaryKey: config.primary_key,
    batchId,
    loadedAt,
    statements: context.statements,
    signal: context.signal,
    pins: pins as ColumnPins,
    batchSize: config.batch_size,
    workDir,
  };
  try {
    const outcome = config.http ? await runHttpIngest(spec, config.http, context, load) : await runFileIngest(spec, config.file!, context, load);
    if (!context.fromLake) {
      const lakeDir = lakeTableDir(context.targetDir, spec.sourceName, spec.tableName);
      markBatchLoaded(join(lakeDir, batchId), { batchId, rows: outcome.rows, loadedAt });
      pruneBatches(lakeDir, config.lake?.keep_batches ?? DEFAULT_KEEP_BATCHES);
    }
    return outcome;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
