import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEIR_VERSION } from '../artifacts/manifest.js';
import type { CachedTemplate, TemplateCache } from '../compile/render-cache.js';
import type { CompiledProject } from '../compile/types.js';
import type { Logger } from '../core/logger.js';
import type { CachedFile, TrackingReader } from '../project/source-reader.js';

/**
 * target/partial_parse.json: what the last successful compile read (each file's stat, hash and
 * text) and produced (each template's parse and render, with what it depended on). Versioned by
 * weir's version and the format; anything unreadable or from another version is ignored.
 */
export const PARTIAL_PARSE_FILE = 'partial_parse.json';
const FORMAT = 1;

interface CacheFile {
  readonly weir_version: string;
  readonly format: number;
  readonly files: Record<string, CachedFile>;
  readonly templates: { readonly key: string; readonly macros: string; readonly entries: Record<string, CachedTemplate> };
}

export interface PartialParseCache {
  readonly files: ReadonlyMap<string, CachedFile>;
  readonly templates: TemplateCache;
}

export const EMPTY_CACHE: PartialParseCache = { files: new Map(), templates: { key: '', macros: '', entries: new Map() } };

/** `--no-partial-parse` or `WEIR_PARTIAL_PARSE=0` (also `false`/`no`) turn the cache off. */
export function partialParseEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  const value = env.WEIR_PARTIAL_PARSE?.trim().toLowerCase();
  return !(value === '0' || value === 'false' || value === 'no' || value === 'off');
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
  if (!data || typeof data !== 'object' || data.format !== FORMAT || data.weir_version !== WEIR_VERSION) {
    return ignore(`${path} was written by another weir version or format`);
  }
  const { files, templates } = data;
  if (!isRecord(files) || !isRecord(templates) || !isRecord(templates.entries) || typeof templates.key !== 'string' || typeof templates.macros !== 'string') {
    return ignore(`${path} does not have the expected shape`);
  }
  // Entries of the wrong shape (a hand-edited or truncated file) are dropped one by one.
  return {
    files: new Map(Object.entries(files).filter((entry): entry is [string, CachedFile] => isCachedFile(entry[1]))),
    templates: {
      key: templates.key,
      macros: templates.macros,
      entries: new Map(Object.entries(templates.entries).filter((entry): entry is [string, CachedTemplate] => isCachedTemplate(entry[1]))),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCachedFile(value: unknown): value is CachedFile {
  return isRecord(value) && typeof value.size === 'number' && typeof value.mtimeMs === 'number'
    && typeof value.hash === 'string' && typeof value.text === 'string';
}

function isCachedTemplate(value: unknown): boolean {
  if (!isRecord(value) || typeof value.hash !== 'string' || typeof value.macros !== 'string' || !isRecord(value.vars) || !isRecord(value.env)) return false;
  const { parse, render } = value;
  if (!isRecord(parse) || !Array.isArray(parse.refs) || !Array.isArray(parse.sources) || !Array.isArray(parse.inline)) return false;
  if (render === undefined) return true;
  return isRecord(render) && typeof render.sql === 'string' && typeof render.self === 'string' && isRecord(render.refs)
    && isRecord(render.sources) && Array.isArray(render.logs);
}

/**
 * Logs what was re-parsed and writes the cache for the next run, unless nothing at all changed
 * (an unchanged project costs no write).
 */
export function finishPartialParse(
  targetDir: string,
  previous: PartialParseCache,
  reader: TrackingReader,
  compiled: CompiledProject,
  logger: Logger,
): void {
  const templates = compiled.templateCache;
  if (!templates) return;
  const deleted = [...previous.files.keys()].filter((path) => !reader.files.has(path));
  const reparsed = reader.changed.length;
  logger.log({
    level: 'debug', code: 'partial_parse',
    message: `partial parse: ${reparsed} of ${reader.files.size} files re-parsed${deleted.length > 0 ? `, ${deleted.length} deleted` : ''}; ${templates.rendered} of ${templates.rendered + templates.reused} templates rendered`,
    data: {
      files: reader.files.size, reparsed, read: reader.reads(), deleted: deleted.length, changed: reader.changed.slice(0, 20),
      templatesParsed: templates.parsed, templatesRendered: templates.rendered, templatesReused: templates.reused,
    },
  });
  const unchanged = reader.reads() === 0 && deleted.length === 0 && templates.parsed === 0 && templates.rendered === 0
    && templates.key === previous.templates.key && templates.entries.size === previous.templates.entries.size;
  if (unchanged) return;
  const data: CacheFile = {
    weir_version: WEIR_VERSION,
    format: FORMAT,
    files: Object.fromEntries(reader.files),
    templates: { key: templates.key, macros: templates.macros, entries: Object.fromEntries(templates.entries) },
  };
  try {
    mkdirSync(targetDir, { recursive: true });
    writeFileSync(join(targetDir, PARTIAL_PARSE_FILE), JSON.stringify(data));
  } catch (error) {
    logger.log({ level: 'debug', code: 'partial_parse_unwritten', message: `partial parse: could not write the cache (${(error as Error).message})` });
  }
}
