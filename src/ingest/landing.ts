import { appendFileSync, constants, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { IngestError } from './errors.js';
import type { HttpResponse, Transport } from './transport.js';

/**
 * Raw data landed as-is: each HTTP response body (and each source file) in a folder with an
 * `index.jsonl` saying which request (URL with secrets redacted) it answered. The same format
 * serves the lake (`target/lake/<source>/<table>/<batch>/`) and recordings (`--record DIR`), so a
 * replay from either runs the same pagination code as a live load.
 */
export const INDEX_FILE = 'index.jsonl';
/** Written into a lake batch once its load has committed: only such a batch is replayed. */
export const LOADED_FILE = '_loaded.json';

interface IndexEntry {
  readonly seq: number;
  readonly kind: 'http' | 'file';
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** For files: the path as configured (relative to the project), and its size and mtime when landed. */
  readonly source?: string;
  readonly size?: number;
  readonly mtime_ms?: number;
  readonly file: string;
}

export interface LandingWriter {
  readonly dir: string;
  saveResponse(method: string, redactedUrl: string, response: HttpResponse): void;
  /** Copies a file in (resolves when it is there); runs alongside the load itself. */
  saveFile(source: string, absolutePath: string): Promise<void>;
}

/** Headers a replay needs (pagination reads Link; nothing else is kept, so no auth header lands). */
const KEPT_HEADERS = ['link', 'content-type'];

/**
 * `previous`: the newest loaded batch of the same table; a file unchanged since it landed there
 * (same path, size and mtime) is hard-linked from it instead of copied, so daily loads of the same
 * file take no more space.
 */
export function createLandingWriter(dir: string, previous?: string): LandingWriter {
  mkdirSync(dir, { recursive: true });
  let seq = 0;
  const index = join(dir, INDEX_FILE);
  const previousFiles = previous && existsSync(join(previous, INDEX_FILE)) ? readIndex(previous).filter((e) => e.kind === 'file') : [];
  return {
    dir,
    saveResponse(method, url, response) {
      const file = `${String(++seq).padStart(6, '0')}.json`;
      writeFileSync(join(dir, file), response.body);
      const headers: Record<string, string> = {};
      for (const key of KEPT_HEADERS) if (response.headers[key] !== undefined) headers[key] = response.headers[key]!;
      appendFileSync(index, `${JSON.stringify({ seq, kind: 'http', method, url, status: response.status, headers, file } satisfies IndexEntry)}\n`);
    },
    async saveFile(source, absolutePath) {
      const { size, mtimeMs } = statSync(absolutePath);
      const entry = { seq: ++seq, kind: 'file', source, size, mtime_ms: mtimeMs, file: `${String(seq).padStart(6, '0')}-${basename(absolutePath)}` } satisfies IndexEntry;
      const same = previousFiles.find((e) => e.source === source && e.size === size && e.mtime_ms === mtimeMs);
      let linked = false;
      if (same) {
        try {
          linkSync(join(previous!, same.file), join(dir, entry.file));
          linked = true;
        } catch {
          // Another filesystem, or the old copy is gone: copy it.
        }
      }
      // A copy-on-write clone where the filesystem can, else a plain copy.
      if (!linked) await copyFile(absolutePath, join(dir, entry.file), constants.COPYFILE_FICLONE);
      appendFileSync(index, `${JSON.stringify(entry)}\n`);
    },
  };
}

/**
 * A recording (`--record DIR`) replaces the previous one only when the load succeeds: responses go
 * to a sibling `.partial` folder that is swapped in on commit, so a failed live run neither mixes
 * old and new responses nor destroys the recording the project replays.
 */
export function createRecordingWriter(dir: string): LandingWriter & { commit(): void; discard(): void } {
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const writer = createLandingWriter(partial);
  return {
    ...writer,
    commit() {
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    },
    discard() {
      rmSync(partial, { recursive: true, force: true });
    },
  };
}

function readIndex(dir: string): IndexEntry[] {
  const path = join(dir, INDEX_FILE);
  if (!existsSync(path)) {
    throw new IngestError(`no recorded responses in ${dir} (${INDEX_FILE} is missing)`, {
      hint: 'record them with `weir ingest --record <dir>`, or run a live load first to fill the lake',
    });
  }
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as IndexEntry);
}

/** Serves recorded responses by method and (redacted) URL, in recorded order for repeats. */
export function recordedTransport(dir: string, redact: (text: string) => string): Transport {
  const byKey = new Map<string, IndexEntry[]>();
  for (const entry of readIndex(dir)) {
    if (entry.kind !== 'http') continue;
    const key = `${entry.method} ${entry.url}`;
    byKey.set(key, [...(byKey.get(key) ?? []), entry]);
  }
  return async (req) => {
    const url = redact(req.url);
    const queue = byKey.get(`${req.method} ${url}`);
    if (!queue?.length) {
      throw new IngestError(`no recorded response for ${req.method} ${url} in ${dir}`, {
        hint: 'the request differs from the recorded ones (params, pagination, incremental state?); record again with `weir ingest --record <dir>`',
      });
    }
    const entry = queue.length > 1 ? queue.shift()! : queue[0]!;
    return { status: entry.status ?? 200, headers: entry.headers ?? {}, body: readFileSync(join(dir, entry.file)) };
  };
}

/** The landed copies of source files, in landed order. */
export function recordedFiles(dir: string): string[] {
  return readIndex(dir).filter((e) => e.kind === 'file').map((e) => join(dir, e.file));
}

/** Where a source table's batches land: `target/lake/<source>/<table>/`. */
export function lakeTableDir(targetDir: string, sourceName: string, tableName: string): string {
  return join(targetDir, 'lake', sourceName, tableName);
}

/** Marks a lake batch as committed to the warehouse (after the load's transaction). */
export function markBatchLoaded(batchDir: string, info: { batchId: string; rows: number; loadedAt: Date }): void {
  if (!existsSync(batchDir)) return;
  writeFileSync(join(batchDir, LOADED_FILE), `${JSON.stringify({ batch_id: info.batchId, rows: info.rows, loaded_at: info.loadedAt.toISOString() })}\n`);
}

/** A table's landed batches, oldest first (batch ids sort by time), each saying whether it loaded. */
function landedBatches(tableDir: string): Array<{ name: string; loaded: boolean }> {
  if (!existsSync(tableDir)) return [];
  return readdirSync(tableDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(tableDir, e.name, INDEX_FILE)))
    .map((e) => ({ name: e.name, loaded: existsSync(join(tableDir, e.name, LOADED_FILE)) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Keeps the newest `keep` loaded batches of a table's lake, and the failed batches newer than the
 * oldest of them (for audit), so a daily load does not grow target/lake forever and a run of
 * failures never pushes out the good batches a replay needs. Returns the batches removed.
 */
export function pruneBatches(tableDir: string, keep: number): string[] {
  const batches = landedBatches(tableDir);
  const loaded = batches.filter((b) => b.loaded);
  if (loaded.length <= keep) return [];
  const oldestKept = loaded[loaded.length - keep]!.name;
  const old = batches.filter((b) => b.name < oldestKept).map((b) => b.name);
  for (const batch of old) rmSync(join(tableDir, batch), { recursive: true, force: true });
  return old;
}

/** The newest loaded batch, or undefined when none loaded yet. */
export function latestLoadedBatch(tableDir: string): string | undefined {
  const loaded = landedBatches(tableDir).filter((b) => b.loaded);
  return loaded.length > 0 ? join(tableDir, loaded[loaded.length - 1]!.name) : undefined;
}

/** The newest batch of a table in the lake whose load committed: what `--from-lake` replays. */
export function latestBatchDir(tableDir: string): string {
  const batches = landedBatches(tableDir);
  const loaded = batches.filter((b) => b.loaded);
  if (loaded.length === 0) {
    const failed = batches.length > 0 ? ` (${batches.length} landed batch${batches.length === 1 ? '' : 'es'}, none of which loaded; newest: ${batches[batches.length - 1]!.name})` : '';
    throw new IngestError(`nothing loaded from ${tableDir} to replay${failed}`, {
      hint: 'run `weir ingest` once with the network (or the files) so a load succeeds and fills the lake',
    });
  }
  return join(tableDir, loaded[loaded.length - 1]!.name);
}
