import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEIR_VERSION } from '../core/version.js';
import { weirBuild } from '../core/build-id.js';
import type { Fingerprint } from '../compile/fingerprint.js';
import type { CachedTemplate, TemplateCache } from '../compile/render-cache.js';
import type { CompiledNode, CompiledProject } from '../compile/types.js';
import type { Logger } from '../core/logger.js';
import { trackingReader, type CachedFile, type CachedStat, type KnownStats, type TrackingReader } from '../project/source-reader.js';
import type { Project } from '../project/types.js';
import type { Prefetch } from '../project/prefetch.js';
import { dbtChecksum } from '../artifacts/dbt-checksum.js';
import { isCachedFile, isCachedStat, isCachedTemplate, isRecord } from './partial-parse-shape.js';

/**
 * target/partial_parse.json: what the last successful compile read (each file's stat, hash and
 * text; seeds' and fixtures' stats) and produced (each template's parse and render, with what it
 * depended on). Keyed by weir's version and build (see core/build-id.ts) and the format; anything
 * unreadable is ignored.
 */
export const PARTIAL_PARSE_FILE = 'partial_parse.json';
// 2: dbt projects name relations with their database; renders cached before have two-part names.
const FORMAT = 2;

interface CacheFile {
  readonly weir_version: string;
  /** A rebuilt weir (same version) may compile differently: its cache is not trusted. */
  readonly weir_build: string;
  readonly format: number;
  /** Changes whenever the compile's output may have changed; the manifest written from it carries it. */
  readonly generation: string;
  readonly files: Record<string, CachedFile>;
  readonly stats: Record<string, CachedStat>;
  readonly templates: { readonly key: string; readonly macros: string; readonly entries: Record<string, CachedTemplate> };
}

export interface PartialParseCache {
  readonly generation: string;
  readonly files: ReadonlyMap<string, CachedFile>;
  readonly stats: ReadonlyMap<string, CachedStat>;
  readonly templates: TemplateCache;
}

/** What a compile learnt from the cache: `unchanged` means its output equals that of `generation`'s compile. */
export interface PartialParseOutcome {
  readonly unchanged: boolean;
  readonly generation: string;
  /** Seeds' dbt checksums by path, kept in the cache (a CSV is read for it once, not on every compile). */
  readonly seedChecksums?: ReadonlyMap<string, string>;
}

const EMPTY_CACHE: PartialParseCache = { generation: '', files: new Map(), stats: new Map(), templates: { key: '', macros: '', entries: new Map() } };

/** `--no-partial-parse` or `WEIR_PARTIAL_PARSE=0` (also `false`/`no`/`off`) turn the cache off. */
export function partialParseEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  const value = env.WEIR_PARTIAL_PARSE?.trim().toLowerCase();
  return !(value === '0' || value === 'false' || value === 'no' || value === 'off');
}

/** One compile's use of the cache: the reader loadProject uses, then `finish` once it compiled. */
export interface PartialParseSession {
  readonly cache: PartialParseCache;
  readonly reader: TrackingReader;
  /** A node's body fingerprint from the cache, when its SQL and parents are what they were. */
  knownBodies(compiled: CompiledProject): (node: CompiledNode) => string | undefined;
  finish(project: Project, compiled: CompiledProject, fingerprints: ReadonlyMap<string, Fingerprint>): PartialParseOutcome;
}

/** `known`: files already stat'ed by this command (see KnownStats); `prefetch`: files read ahead (see prefetch.ts). */
export function startPartialParse(targetDir: string, logger: Logger, known?: KnownStats, prefetch?: Prefetch): PartialParseSession {
  const cache = readPartialParse(targetDir, logger);
  const reader = trackingReader(cache, Date.now, known, prefetch);
  return {
    cache,
    reader,
    knownBodies: (compiled) => (node) => {
      if (node.resourceType === 'seed') {
        // The same record as last time: the stat proved the CSV unchanged.
        const stat = reader.stats.get(node.path);
        return stat !== undefined && stat === cache.stats.get(node.path) ? stat.hash : undefined;
      }
      const entry = compiled.templateCache?.entries.get(node.path);
      return entry?.body && sameRender(entry, node) && entry.body.parents === node.dependsOn.nodes.join('\n') ? entry.body.hash : undefined;
    },
    finish(project, compiled, fingerprints) {
      const templates = compiled.templateCache;
      if (!templates) return { unchanged: false, generation: '' };
      return finishPartialParse(targetDir, cache, reader, project, { ...compiled, templateCache: templates }, fingerprints, logger);
    },
  };
}

function sameRender(entry: CachedTemplate, node: CompiledNode): boolean {
  return entry.render !== undefined && entry.render.sql === node.compiledCode && entry.render.incrementalSql === node.incrementalCode;
}

/** The cache in `targetDir`, or the empty cache (with a debug line saying why) when there is none usable. */
export function readPartialParse(targetDir: string, logger: Logger): PartialParseCache {
  const path = join(targetDir, PARTIAL_PARSE_FILE);
  const ignore = (reason: string) => {
    logger.log({ level: 'debug', code: 'partial_parse_ignored', message: `partial parse: ${reason}; parsing every file`, data: { path } });
    return EMPTY_CACHE;
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return ignore(`no cache at ${path}`);
  }
  let data: CacheFile;
  try {
    data = JSON.parse(text) as CacheFile;
  } catch (error) {
    return ignore(`${path} is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(data) || data.format !== FORMAT || data.weir_version !== WEIR_VERSION || data.weir_build !== weirBuild()) {
    return ignore(`${path} was written by another weir version, build or format`);
  }
  const { files, stats, templates } = data;
  if (!isRecord(files) || !isRecord(stats) || !isRecord(templates) || !isRecord(templates.entries)
    || typeof templates.key !== 'string' || typeof templates.macros !== 'string' || typeof data.generation !== 'string') {
    return ignore(`${path} does not have the expected shape`);
  }
  // Entries of the wrong shape (a hand-edited or truncated file) are dropped one by one.
  const valid = <T>(record: Record<string, unknown>, check: (value: unknown) => value is T) =>
    new Map(Object.entries(record).filter((entry): entry is [string, T] => check(entry[1])));
  return {
    generation: data.generation,
    files: valid(files, isCachedFile),
    stats: valid(stats, isCachedStat),
    templates: { key: templates.key, macros: templates.macros, entries: valid(templates.entries, isCachedTemplate) },
  };
}

/**
 * Logs what was re-parsed and writes the cache for the next run, unless nothing at all changed
 * (an unchanged project costs no write).
 */
function finishPartialParse(
  targetDir: string,
  previous: PartialParseCache,
  reader: TrackingReader,
  project: Project,
  compiled: CompiledProject & { templateCache: NonNullable<CompiledProject['templateCache']> },
  fingerprints: ReadonlyMap<string, Fingerprint>,
  logger: Logger,
): PartialParseOutcome {
  const templates = compiled.templateCache;
  const deleted = [...previous.files.keys(), ...previous.stats.keys()].filter((path) => !reader.files.has(path) && !reader.stats.has(path));
  const reparsed = reader.changed.length;
  logger.log({
    level: 'debug', code: 'partial_parse',
    message: `partial parse: ${reparsed} of ${reader.files.size} files re-parsed${deleted.length > 0 ? `, ${deleted.length} deleted` : ''}; ${templates.rendered} of ${templates.rendered + templates.reused} templates rendered`,
    data: {
      files: reader.files.size, reparsed, read: reader.reads(), deleted: deleted.length, changed: reader.changed.slice(0, 20),
      templatesParsed: templates.parsed, templatesRendered: templates.rendered, templatesReused: templates.reused,
      ...(templates.onWorker ? { templatesOnWorker: templates.onWorker } : {}),
    },
  });
  const { entries, stats } = withBodies(templates.entries, reader.stats, compiled.nodes, fingerprints);
  // A seed changed when its fingerprint did; other stat'ed files (fixtures) when their stat did.
  const statsChanged = [...stats].filter(([path, stat]) => {
    const before = previous.stats.get(path);
    return before === undefined || (stat.hash !== undefined ? stat.hash !== before.hash : stat !== before);
  });
  // Unit tests read their fixtures while compiling: with any, the output is never taken as unchanged.
  const sameOutput = reader.changed.length === 0 && statsChanged.length === 0 && deleted.length === 0
    && templates.parsed === 0 && templates.rendered === 0
    && templates.key === previous.templates.key && templates.entries.size === previous.templates.entries.size
    && project.unitTests.length === 0 && previous.generation !== '';
  const generation = sameOutput ? previous.generation : randomUUID();
  const bodiesKnown = [...stats].every(([path, stat]) => stat === previous.stats.get(path))
    && [...entries].every(([path, entry]) => entry === previous.templates.entries.get(path));
  const seedChecksums = new Map<string, string>();
  for (const [path, stat] of stats) if (stat.dbtChecksum !== undefined) seedChecksums.set(path, stat.dbtChecksum);
  if (sameOutput && reader.reads() === 0 && bodiesKnown) return { unchanged: true, generation, seedChecksums };
  const data: CacheFile = {
    weir_version: WEIR_VERSION,
    weir_build: weirBuild(),
    format: FORMAT,
    generation,
    files: Object.fromEntries(reader.files),
    stats: Object.fromEntries(stats),
    templates: { key: templates.key, macros: templates.macros, entries: Object.fromEntries(entries) },
  };
  try {
    mkdirSync(targetDir, { recursive: true });
    const path = join(targetDir, PARTIAL_PARSE_FILE);
    writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(data));
    renameSync(`${path}.${process.pid}.tmp`, path);
  } catch (error) {
    logger.log({ level: 'debug', code: 'partial_parse_unwritten', message: `partial parse: could not write the cache (${(error as Error).message})` });
    return { unchanged: false, generation: '' };
  }
  return { unchanged: sameOutput, generation, seedChecksums };
}

/** The cache entries with each node's body fingerprint, so the next run need not hash its SQL again. */
function withBodies(
  templates: ReadonlyMap<string, CachedTemplate>,
  stats: ReadonlyMap<string, CachedStat>,
  nodes: ReadonlyMap<string, CompiledNode>,
  fingerprints: ReadonlyMap<string, Fingerprint>,
) {
  const entries = new Map(templates);
  const withHashes = new Map(stats);
  for (const node of nodes.values()) {
    const body = fingerprints.get(node.uniqueId)?.body;
    if (body === undefined) continue;
    const stat = node.resourceType === 'seed' ? withHashes.get(node.path) : undefined;
    // dbt's checksum reads a CSV of up to 1 MiB: once per change of its stat, as the fingerprint.
    const checksum = stat && stat.dbtChecksum === undefined ? dbtChecksum(node) : undefined;
    if (stat && (stat.hash !== body || checksum?.name === 'sha256')) {
      withHashes.set(node.path, { ...stat, hash: body, ...(checksum?.name === 'sha256' ? { dbtChecksum: checksum.checksum } : {}) });
    }
    const entry = entries.get(node.path);
    if (!entry || !sameRender(entry, node)) continue;
    const parents = node.dependsOn.nodes.join('\n');
    if (entry.body?.hash !== body || entry.body.parents !== parents) entries.set(node.path, { ...entry, body: { hash: body, parents } });
  }
  return { entries, stats: withHashes };
}
