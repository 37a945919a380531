import type { FileConfig } from './config.js';
import type { IngestContext, IngestOutcome, IngestSpec } from './context.js';
import { IngestError } from './errors.js';
import { exec, finalizeLoad, META, metaValues, SEQ } from './finalize.js';
import { stagingRelation, type RecordLoaderOptions } from './raw-load.js';

/**
 * CSV files go through the engine's own reader straight into the staging table (DuckDB's
 * read_csv: the fast path), then the same final transaction as every load. Rows that do not parse
 * fail the load with file and line, or with `on_bad_rows: skip` land in the quarantine table.
 */
export async function loadCsvFiles(
  spec: IngestSpec,
  file: FileConfig,
  files: readonly string[],
  context: IngestContext,
  load: RecordLoaderOptions,
  shown: (path: string) => string,
): Promise<IngestOutcome> {
  const { adapter, session } = context;
  const d = adapter.dialect;
  const staging = stagingRelation(spec.relation);
  await adapter.ensureSchema(session, spec.relation.schema);
  await exec(load, d.drop('table', staging));
  const columnTypes: Record<string, string> = {};
  const renames: Array<[string, string]> = [];
  for (const [field, pin] of Object.entries(load.pins)) {
    if (pin.sqlType) columnTypes[field] = pin.sqlType;
    if (pin.name !== field) renames.push([field, pin.name]);
  }
  try {
    load.statements.push(`-- read_csv ${files.map(shown).join(', ')} into ${d.relation(staging)}`);
    const { rejected } = await adapter.createTableFromCsv(session, staging, files, {
      delimiter: file.delimiter, header: file.header, quote: file.quote, escape: file.escape, encoding: file.encoding,
      columnTypes, skipBadRows: true,
      // With a primary key the latest row per key wins, also within this load: number the rows in file order.
      rowNumber: (load.primaryKey?.length ?? 0) > 0 ? SEQ : undefined,
      constants: META(load).map((m) => ({ name: m.name, dataType: m.dataType, value: metaValues(load)[m.name as '_weir_batch_id'] })),
    });
    if (rejected.length > 0 && spec.config.on_bad_rows === 'fail') {
      const first = rejected[0]!;
      throw new IngestError(`source ${spec.sourceName}.${spec.tableName}: ${shown(first.file)}:${first.line}: ${first.message}${rejected.length > 1 ? ` (and ${rejected.length - 1} more bad row${rejected.length === 2 ? '' : 's'})` : ''}`, {
        hint: 'fix the file, or set on_bad_rows: skip to load the good rows and keep the bad ones in the quarantine table',
      });
    }
    // An engine that folds names to lower case (Trino) may have named the column so already: `Age` is `age`.
    const named = renames.length > 0 ? new Set((await adapter.columns(session, staging)).map((c) => c.name)) : new Set<string>();
    for (const [from, to] of renames) {
      if (named.has(to) && !named.has(from)) continue;
      await exec(load, `alter table ${d.relation(staging)} rename column ${d.quoteIdentifier(from)} to ${d.quoteIdentifier(to)}`);
    }
    const quarantined = rejected.map((r) => JSON.stringify({ source: shown(r.file), line: r.line, error: r.message, raw: r.raw }));
    const rows = await finalizeLoad(load, staging, quarantined, load.workDir);
    return { rows, records: rows + rejected.length, pages: files.length, quarantined: rejected.length, batchId: load.batchId };
  } catch (error) {
    await session.execute(d.drop('table', staging)).catch(() => undefined);
    throw error;
  }
}
