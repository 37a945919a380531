import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** Big enough to read at disk speed, small enough that a 2 GB seed costs 1 MiB, not 2 GB. */
const CHUNK_BYTES = 1024 * 1024;

/** Calls `each` with the file's bytes, a chunk at a time (one reused buffer: never the whole file). */
function eachChunk(path: string, each: (chunk: Buffer) => boolean | void): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      if (each(buffer.subarray(0, read)) === false) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** The sha256 of a file's content, read in chunks. */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  eachChunk(path, (chunk) => void hash.update(chunk));
  return hash.digest('hex');
}

/** The file's first line (without its line break and a UTF-8 BOM), reading no further than it. */
export function readFirstLine(path: string): string {
  const parts: Buffer[] = [];
  eachChunk(path, (chunk) => {
    const end = chunk.indexOf(10);
    parts.push(Buffer.from(end === -1 ? chunk : chunk.subarray(0, end)));
    return end === -1;
  });
  return Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
}
