import type { CachedTemplate } from '../compile/render-cache.js';
import type { CachedFile, CachedStat } from '../project/source-reader.js';

/** Shape checks for target/partial_parse.json: a hand-edited or damaged entry is dropped, never trusted. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCachedStat(value: unknown): value is CachedStat {
  return isRecord(value) && typeof value.size === 'number' && typeof value.mtimeMs === 'number'
    && (value.hash === undefined || typeof value.hash === 'string') && (value.dbtChecksum === undefined || typeof value.dbtChecksum === 'string');
}

export function isCachedFile(value: unknown): value is CachedFile {
  return isCachedStat(value) && typeof value.hash === 'string' && typeof (value as { text?: unknown }).text === 'string';
}

const optional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value);

export function isCachedTemplate(value: unknown): value is CachedTemplate {
  if (!isRecord(value) || typeof value.hash !== 'string' || !optional(value.macros, (v) => typeof v === 'string')
    || !optional(value.vars, isRecord) || !optional(value.env, isRecord)) return false;
  const { parse, render, body } = value;
  if (!isRecord(parse) || !optional(parse.refs, Array.isArray) || !optional(parse.sources, Array.isArray) || !optional(parse.inline, Array.isArray)) return false;
  if (body !== undefined && !(isRecord(body) && typeof body.hash === 'string' && typeof body.parents === 'string')) return false;
  if (render === undefined) return true;
  return isRecord(render) && typeof render.sql === 'string' && typeof render.self === 'string' && optional(render.refs, isRecord)
    && optional(render.sources, isRecord) && optional(render.logs, Array.isArray);
}
