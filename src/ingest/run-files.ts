import { createReadStream, statSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { errorMessage } from '../core/errors.js';
import type { FileConfig } from './config.js';
import type { IngestContext, IngestOutcome, IngestSpec } from './context.js';
import { progressReporter } from './context.js';
import { excerpt, IngestError } from './errors.js';
import { expandFiles } from './file-list.js';
import { streamJsonArray } from './json-array-stream.js';
import { getPath, keysOf, recordsAt } from './json-path.js';
import { createLandingWriter, lakeTableDir, latestBatchDir, latestLoadedBatch, recordedFiles } from './landing.js';
import { createRecordLoader, type RecordLoader, type RecordLoaderOptions } from './raw-load.js';
import { loadCsvFiles } from './run-csv.js';

/**
 * Loads files: CSV through the engine's own reader, JSON (records path) and NDJSON (streamed line
 * by line) through the record loader. Every file is landed as-is in the lake first.
 */
export async function runFileIngest(spec: IngestSpec, file: FileConfig, context: IngestContext, load: RecordLoaderOptions): Promise<IngestOutcome> {
  const lakeDir = lakeTableDir(context.targetDir, spec.sourceName, spec.tableName);
  const files = context.fromLake ? recordedFiles(latestBatchDir(lakeDir)) : expandFiles(context.projectRoot, file.path);
  const shown = (path: string) => relative(context.projectRoot, path) || path;
  const missing = files.filter((f) => !existsSync(f));
  if (files.length === 0 || missing.length > 0) {
    throw new IngestError(`source ${spec.sourceName}.${spec.tableName}: ${files.length === 0 ? `no file matches '${file.path}'` : `file '${shown(missing[0]!)}' does not exist`}`, {
      hint: `check path: in ${spec.path} (relative to the project root); nothing was loaded and the previous data is intact`,
    });
  }
  const format = file.format ?? formatOf(files[0]!);
  if (format === 'csv' || !file.header) {
    for (const path of files) {
      if (file.header && statSync(path).size === 0) {
        throw new IngestError(`source ${spec.sourceName}.${spec.tableName}: file '${shown(path)}' is empty (no header row)`, {
          hint: 'remove the empty file or write the header line; nothing was loaded and the previous data is intact',
        });
      }
    }
  }
  // Files are copied to the lake while they load; the load commits only once they are landed.
  const lake = context.fromLake ? undefined : createLandingWriter(join(lakeDir, load.batchId), latestLoadedBatch(lakeDir));
  const landing = lake ? files.reduce((done, path) => done.then(() => lake.saveFile(shown(path), path)), Promise.resolve()) : Promise.resolve();
  landing.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  if (format === 'csv') return loadCsvFiles(spec, file, files, context, { ...load, beforeCommit: () => landing }, shown);
  await landing;

  const loader = await createRecordLoader(load);
  const progress = progressReporter(context, spec);
  let pages = 0;
  try {
    for (const path of files) {
      if (format === 'ndjson') await readNdjson(path, shown(path), file, loader, spec);
      else await readJsonFile(path, shown(path), file, loader);
      progress.update(++pages, loader.recordsSeen());
    }
    const { rows, quarantined } = await loader.finish();
    return { rows, records: loader.recordsSeen(), pages: files.length, quarantined, batchId: load.batchId };
  } catch (error) {
    await loader.abort();
    throw error;
  } finally {
    progress.end(pages, loader.recordsSeen());
  }
}

/** Records parsed from a file before they go to the loader (which batches its own writes). */
const RECORDS_PER_ADD = 1000;

function formatOf(path: string): 'csv' | 'json' | 'ndjson' {
  if (/\.(ndjson|jsonl)(\.gz)?$/i.test(path)) return 'ndjson';
  if (/\.json$/i.test(path)) return 'json';
  return 'csv';
}

function nodeEncoding(encoding: string): BufferEncoding {
  const e = encoding.toLowerCase();
  if (e === 'latin1' || e === 'latin-1') return 'latin1';
  if (e === 'utf-16') return 'utf16le';
  return 'utf8';
}

async function readJsonFile(path: string, shown: string, file: FileConfig, loader: RecordLoader) {
  if (await streamJsonFile(path, shown, file, loader)) return;
  // No array at the records path (a single record object, missing, another type): read whole.
  const text = await readFile(path, nodeEncoding(file.encoding));
  if (text.trim() === '') {
    throw new IngestError(`file '${shown}' is empty`, { hint: 'a JSON file needs an array of records (or an object holding one at `records:`)' });
  }
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new IngestError(`file '${shown}' is not valid JSON: ${errorMessage(error)}`, { hint: 'fix the file; nothing was loaded and the previous data is intact' });
  }
  // With a records path, an object there is one record; without one, the file must be the array.
  const found = file.records ? getPath(body, file.records) : { found: true, value: body };
  const records = !found.found ? undefined : file.records ? recordsAt(found.value) : Array.isArray(body) ? body : undefined;
  if (!records) {
    throw new IngestError(`file '${shown}' has no array of records${file.records ? ` at '${file.records}'` : ''}: it holds ${keysOf(file.records && found.found ? found.value : body)}`, {
      hint: 'set `records:` in the file block to the path of the records array (or of a single record object)',
    });
  }
  await loader.add(records, `file ${shown}`);
}

/**
 * Streams the records array of a JSON file into the loader a batch at a time, so a 1 GB array stays
 * flat in memory. Returns false, having loaded nothing, when there is no array at the records path.
 */
async function streamJsonFile(path: string, shown: string, file: FileConfig, loader: RecordLoader): Promise<boolean> {
  const encoding = nodeEncoding(file.encoding);
  // The scanner reads UTF-8 or Latin-1 bytes: UTF-16 is re-encoded as UTF-8 on the way.
  async function* bytes() {
    let first = true;
    const decoder = encoding === 'utf16le' ? new TextDecoder('utf-16le') : undefined;
    for await (const read of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      let chunk = decoder ? Buffer.from(decoder.decode(read as Buffer, { stream: true }), 'utf8') : (read as Buffer);
      if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      else if (first && decoder && chunk.toString('utf8', 0, 3) === '\uFEFF') chunk = chunk.subarray(3);
      first = false;
      yield chunk;
    }
  }
  let seen = 0;
  try {
    const scan = await streamJsonArray(bytes(), file.records ? file.records.split('.') : [], async (texts) => {
      await loader.add(texts.map((t) => {
        seen++;
        try {
          return JSON.parse(t) as unknown;
        } catch (error) {
          throw new SyntaxError(`${errorMessage(error)} in record ${seen}`);
        }
      }), `file ${shown}`);
    }, { batchSize: RECORDS_PER_ADD, encoding: encoding === 'latin1' ? 'latin1' : 'utf8' });
    return scan.kind === 'streamed';
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new IngestError(`file '${shown}' is not valid JSON: ${errorMessage(error)}`, { hint: 'fix the file; nothing was loaded and the previous data is intact' });
  }
}

async function readNdjson(path: string, shown: string, file: FileConfig, loader: RecordLoader, spec: IngestSpec) {
  const lines = createInterface({ input: createReadStream(path, { encoding: nodeEncoding(file.encoding) }), crlfDelay: Infinity });
  let batch: unknown[] = [];
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
      if (file.records) record = getPath(record, file.records).value;
      if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new Error('not a JSON object');
    } catch (error) {
      if (spec.config.on_bad_rows === 'skip') {
        loader.quarantine({ source: shown, line: lineNo, error: errorMessage(error), raw: line });
        continue;
      }
      throw new IngestError(`source ${spec.sourceName}.${spec.tableName}: ${shown}:${lineNo} is not a JSON object (${errorMessage(error)}): ${excerpt(line, 120)}`, {
        hint: 'fix the line, or set on_bad_rows: skip to keep bad lines in the quarantine table',
      });
    }
    batch.push(record);
    if (batch.length >= RECORDS_PER_ADD) {
      await loader.add(batch, `${shown} before line ${lineNo + 1}`);
      batch = [];
    }
  }
  if (batch.length) await loader.add(batch, `${shown} near line ${lineNo}`);
}
