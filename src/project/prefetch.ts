import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * Reading ahead on the second core: a cold compile of 10,000 models spent ~0.5 s of its main thread
 * stat'ing, reading and hashing the project's files, while the first ~0.3 s of the process only
 * loads weir's modules. A worker reads the usual folders' files meanwhile; the partial-parse reader
 * takes each file from it (the stat it was read with, its text and sha256) instead of reading it.
 */
export interface PrefetchedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly text: string;
  readonly hash: string;
}

export interface Prefetch {
  /** The file as read ahead, once; undefined when it was not (then the caller reads it itself). */
  take(absolutePath: string): PrefetchedFile | undefined;
  /** How many files ending in `extension` the worker lists (waiting for its listing); undefined if it gave up. */
  count(extension: string): number | undefined;
}

/** The worker's messages: first the paths it will read, then chunks of [path, size, mtimeMs, text, hash] (text null: unreadable). */
export type PrefetchMessage = { readonly paths: readonly string[] } | { readonly files: ReadonlyArray<readonly [string, number, number, string | null, string]> };

/** dbt's and weir's default folders, in the order a load reads them; a project that names others is read the usual way. */
export const PREFETCH_FOLDERS = ['models', 'analyses', 'tests', 'macros', 'seeds', 'sources', 'snapshots'];
export const PREFETCH_EXTENSIONS = ['.sql', '.yml', '.yaml', '.md'];
/** How long to wait for the next chunk before giving up on the worker and reading in-line. */
const PATIENCE_MS = 30_000;

/**
 * Starts the worker for a cold compile (no partial-parse cache in the default target folder, whose
 * reader would skip unchanged files); undefined when not worth it or not built (tests run from sources).
 */
export function startPrefetch(projectDir: string, script = new URL('./prefetch-worker.js', import.meta.url)): Prefetch | undefined {
  const root = resolve(projectDir);
  if (sep !== '/' || existsSync(`${root}/target/partial_parse.json`) || !existsSync(script)) return undefined;
  // [0]: messages posted so far, [1]: 1 once the worker is done.
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, { workerData: { root, folders: PREFETCH_FOLDERS, extensions: PREFETCH_EXTENSIONS, port: port2, signal }, transferList: [port2] });
  worker.unref();
  worker.on('error', () => undefined);
  let planned: Set<string> | undefined;
  const files = new Map<string, PrefetchedFile | null>();
  let received = 0;
  let gaveUp = false;
  /** Takes the next message, waiting for it; false when there is none to come. */
  const next = (): boolean => {
    if (gaveUp) return false;
    while (Atomics.load(signal, 0) === received) {
      if (Atomics.load(signal, 1) === 1 && Atomics.load(signal, 0) === received) return false;
      if (Atomics.wait(signal, 0, received, PATIENCE_MS) === 'timed-out') return !(gaveUp = true);
    }
    const message = receiveMessageOnPort(port1)?.message as PrefetchMessage | undefined;
    if (!message) return !(gaveUp = true);
    received++;
    if ('paths' in message) planned = new Set(message.paths);
    else for (const [path, size, mtimeMs, text, hash] of message.files) files.set(path, text === null ? null : { size, mtimeMs, text, hash });
    return true;
  };
  return {
    take(absolutePath) {
      while (planned === undefined) if (!next()) return undefined;
      if (!planned.has(absolutePath)) return undefined;
      while (!files.has(absolutePath)) if (!next()) return undefined;
      const file = files.get(absolutePath);
      files.delete(absolutePath);
      return file ?? undefined;
    },
    count(extension) {
      while (planned === undefined) if (!next()) return undefined;
      let n = 0;
      for (const path of planned) if (path.endsWith(extension)) n++;
      return n;
    },
  };
}
