import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PriorRun } from '../graph/index.js';

/**
 * What `result:` and `source_status:` read, as dbt reads it: the statuses in `<state>/run_results.json`,
 * and the sources whose max_loaded_at in this target's sources.json is newer than in `<state>/sources.json`
 * (or that only this one has). A file that is not there is named, for the error a criterion raises.
 */
export function loadPriorRun(stateDir: string, targetDir: string): PriorRun {
  return { results: readResults(stateDir), fresher: readFresher(stateDir, targetDir) };
}

function readResults(stateDir: string): PriorRun['results'] {
  const path = join(stateDir, 'run_results.json');
  const json = readJson(path);
  if (typeof json === 'string') return `reads the statuses of an earlier run, but ${json}: copy that run's target/run_results.json there`;
  const byStatus = new Map<string, Set<string>>();
  for (const result of arrayOf(json.results)) {
    const { unique_id: id, status } = result as { unique_id?: unknown; status?: unknown };
    if (typeof id !== 'string' || typeof status !== 'string') continue;
    if (!byStatus.has(status)) byStatus.set(status, new Set());
    byStatus.get(status)!.add(id);
  }
  return byStatus;
}

function readFresher(stateDir: string, targetDir: string): PriorRun['fresher'] {
  const then = readJson(join(stateDir, 'sources.json'));
  if (typeof then === 'string') return `compares two freshness checks, but ${then}: copy the earlier run's target/sources.json there`;
  const now = readJson(join(targetDir, 'sources.json'));
  if (typeof now === 'string') return `compares two freshness checks, but ${now}: run weir source freshness first`;
  const before = loadedAt(then);
  const fresher = new Set<string>();
  for (const [id, at] of loadedAt(now)) {
    const previous = before.get(id);
    if (previous === undefined || at > previous) fresher.add(id);
  }
  return fresher;
}

/** unique_id -> max_loaded_at (ms) of each source whose age was measured (not a runtime error). */
function loadedAt(json: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  for (const result of arrayOf(json.results)) {
    const { unique_id: id, max_loaded_at: at } = result as { unique_id?: unknown; max_loaded_at?: unknown };
    const time = typeof at === 'string' ? Date.parse(at) : NaN;
    if (typeof id === 'string' && !Number.isNaN(time)) out.set(id, time);
  }
  return out;
}

/** The parsed file, or (as a string) what is wrong with it. */
function readJson(path: string): Record<string, unknown> | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return `there is no ${path}`;
  }
  try {
    const json = JSON.parse(text) as unknown;
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : `${path} is not a JSON object`;
  } catch (error) {
    return `${path} is not valid JSON (${(error as Error).message})`;
  }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value.filter((v) => v && typeof v === 'object') : [];
}
