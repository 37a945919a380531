import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** What the partial-parse cache remembers of a project file: its stat, a content hash and the text. */
export interface CachedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly text: string;
  /** Modified within a clock tick of being recorded: its stat cannot prove it unchanged next time. */
  readonly racy?: true;
}

/** How loadProject reads text files; the partial-parse reader skips files whose stat is unchanged. */
export interface SourceReader {
  /** The file's text (and its sha256 when tracked); `path` is the root-relative path a person sees. */
  read(absolutePath: string, path: string): { readonly text: string; readonly hash?: string };
}

export interface TrackingReader extends SourceReader {
  read(absolutePath: string, path: string): CachedFile;
  /** Every file read in this run, for the next run's cache. */
  readonly files: ReadonlyMap<string, CachedFile>;
  /** Files that are new or whose content changed since the cache (in read order). */
  readonly changed: readonly string[];
  /** Files whose content had to be read from disk (stat changed, or not provably unchanged). */
  readonly reads: () => number;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export const plainReader: SourceReader = {
  read: (absolutePath) => ({ text: readFileSync(absolutePath, 'utf8') }),
};

/**
 * Filesystem clocks tick coarsely (a few ms on Linux), so a file written twice within one tick keeps
 * its mtime. As git does for its index, a file modified shortly before it was recorded is "racy":
 * next time its content is compared, whatever its stat says.
 */
const RACY_MS = 3000;

/**
 * A reader that trusts (path, size, mtimeMs) against the previous run's files: unchanged ones are not
 * read again. A file whose stat changed is read and hashed; equal content (a `git checkout` that
 * touched it) still counts as unchanged.
 */
export function trackingReader(previous: ReadonlyMap<string, CachedFile> | undefined, now: () => number = Date.now): TrackingReader {
  const files = new Map<string, CachedFile>();
  const changed: string[] = [];
  let reads = 0;
  return {
    files,
    changed,
    reads: () => reads,
    read(absolutePath, path) {
      const stat = statSync(absolutePath);
      const before = previous?.get(path);
      if (before && !before.racy && before.size === stat.size && before.mtimeMs === stat.mtimeMs) {
        files.set(path, before);
        return before;
      }
      reads++;
      const text = readFileSync(absolutePath, 'utf8');
      const hash = sha256(text);
      if (before?.hash !== hash) changed.push(path);
      const racy = now() - stat.mtimeMs < RACY_MS;
      const record: CachedFile = { size: stat.size, mtimeMs: stat.mtimeMs, hash, text, ...(racy ? { racy: true as const } : {}) };
      files.set(path, record);
      return record;
    },
  };
}
