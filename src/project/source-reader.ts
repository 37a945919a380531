import { sha256 } from '../core/sha256.js';
import { readFileSync, statSync, type Dirent } from 'node:fs';
import type { Prefetch, PrefetchedFile } from './prefetch.js';

/** What the partial-parse cache remembers of a project file: its stat, a content hash and the text. */
export interface CachedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly text: string;
  /** Modified within a clock tick of being recorded: its stat cannot prove it unchanged next time. */
  readonly racy?: true;
}

/** A file the project refers to but weir does not parse (seeds, fixtures): only its stat is kept. */
export interface CachedStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly racy?: true;
  /** The fingerprint of its content, once computed (see fingerprint.ts). */
  readonly hash?: string;
  /** A seed's dbt checksum (sha256 of its stripped text), once computed: the manifest needs it on every compile. */
  readonly dbtChecksum?: string;
}

/** A file's stat as the partial-parse reader and the compile stamp compare it. */
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Stats taken earlier in the same command (the compile stamp's check), by absolute path: one stat
 * of each file per compile, not one per reader. What a file held when stat'ed is what counts. The
 * tracking reader adds the stats it takes, so the stamp written after the compile vouches for them.
 */
export type KnownStats = Map<string, FileStat>;

/**
 * What one command saw of the project's files before it compiled (the compile stamp's check): each
 * file's stat and each folder's recursive listing, by absolute path, so the compile and the stamp
 * written after it neither stat nor list them again, and all three go by the same view of the files.
 */
export interface SeenFiles {
  readonly stats: Map<string, FileStat>;
  readonly listings: Map<string, readonly Dirent[]>;
}

/** How loadProject reads text files; the partial-parse reader skips files whose stat is unchanged. */
export interface SourceReader {
  /** The file's text (and its sha256 when tracked); `path` is the root-relative path a person sees. */
  read(absolutePath: string, path: string): { readonly text: string; readonly hash?: string };
  /** Notes a file that is used but not read here (a seed's CSV), so a change to it is seen. */
  stat?(absolutePath: string, path: string): void;
}

export interface TrackingReader extends SourceReader {
  read(absolutePath: string, path: string): CachedFile;
  stat(absolutePath: string, path: string): void;
  /** Every file read in this run, for the next run's cache. */
  readonly files: ReadonlyMap<string, CachedFile>;
  /** Every file only stat'ed; an entry keeps its content hash while the stat is unchanged. */
  readonly stats: Map<string, CachedStat>;
  /** Files read that are new or whose content changed since the cache (in read order). */
  readonly changed: readonly string[];
  /** Files whose content had to be read from disk (stat changed, or not provably unchanged). */
  readonly reads: () => number;
}

export { sha256 };

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
export function trackingReader(
  previous: { readonly files: ReadonlyMap<string, CachedFile>; readonly stats: ReadonlyMap<string, CachedStat> } | undefined,
  now: () => number = Date.now,
  known?: KnownStats,
  /** Files a worker read ahead (see prefetch.ts). */
  prefetch?: Prefetch,
): TrackingReader {
  const files = new Map<string, CachedFile>();
  const stats = new Map<string, CachedStat>();
  const changed: string[] = [];
  let reads = 0;
  const unchanged = (before: CachedStat | undefined, stat: { size: number; mtimeMs: number }) =>
    before !== undefined && !before.racy && before.size === stat.size && before.mtimeMs === stat.mtimeMs;
  const isRacy = (mtimeMs: number) => (now() - mtimeMs < RACY_MS ? { racy: true as const } : {});
  const statOf = (absolutePath: string, ahead?: PrefetchedFile): FileStat => {
    const stat = known?.get(absolutePath);
    if (stat !== undefined) return stat;
    const { size, mtimeMs } = ahead ?? statSync(absolutePath);
    known?.set(absolutePath, { size, mtimeMs });
    return { size, mtimeMs };
  };
  return {
    files,
    stats,
    changed,
    reads: () => reads,
    stat(absolutePath, path) {
      const stat = statOf(absolutePath);
      const before = previous?.stats.get(path);
      // Whether the content changed is decided by whoever reads it (seeds: their fingerprint).
      stats.set(path, unchanged(before, stat) ? before! : { size: stat.size, mtimeMs: stat.mtimeMs, ...isRacy(stat.mtimeMs) });
    },
    read(absolutePath, path) {
      const ahead = prefetch?.take(absolutePath);
      const stat = statOf(absolutePath, ahead);
      const before = previous?.files.get(path);
      if (unchanged(before, stat)) {
        files.set(path, before!);
        return before!;
      }
      reads++;
      // Read ahead with the stat this compile goes by: the same content.
      const same = ahead !== undefined && ahead.size === stat.size && ahead.mtimeMs === stat.mtimeMs;
      const text = same ? ahead.text : readFileSync(absolutePath, 'utf8');
      const hash = same ? ahead.hash : sha256(text);
      if (before?.hash !== hash) changed.push(path);
      const record: CachedFile = { size: stat.size, mtimeMs: stat.mtimeMs, hash, text, ...isRacy(stat.mtimeMs) };
      files.set(path, record);
      return record;
    },
  };
}
