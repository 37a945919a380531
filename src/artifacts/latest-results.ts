import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * target/weir_latest_results.json: each node's newest result across invocations. run_results.json
 * holds only the last command's nodes (dbt's shape), so after `weir run -s one_model` every other
 * node would read "not run" in the docs; here each keeps the result of the last run that built it,
 * with the invocation, command and time it came from. Nodes no longer in the project are dropped.
 */
export const LATEST_RESULTS = 'weir_latest_results.json';

type Json = Record<string, unknown>;

export interface LatestResult {
  readonly invocation_id: string;
  readonly command: string;
  /** When that invocation's run_results.json was written (ISO). */
  readonly generated_at: string;
  /** The node's entry in that run_results.json, without its compiled SQL (the manifest has it). */
  readonly result: Json;
}

export interface LatestResults {
  readonly weir_latest_results_version: 1;
  readonly results: Readonly<Record<string, LatestResult>>;
}

/** The file as the last run left it; an absent or unreadable one is an empty history, never an error. */
export function readLatestResults(targetDir: string): LatestResults | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(targetDir, LATEST_RESULTS), 'utf8')) as Partial<LatestResults>;
    return parsed && typeof parsed.results === 'object' && parsed.results !== null ? { weir_latest_results_version: 1, results: parsed.results } : undefined;
  } catch {
    return undefined;
  }
}

/** The previous history with this run's results on top, keeping only nodes the project still has. */
export function mergeLatestResults(previous: LatestResults | undefined, runResults: Json, nodeIds: ReadonlySet<string>): LatestResults {
  const results: Record<string, LatestResult> = {};
  for (const [id, entry] of Object.entries(previous?.results ?? {})) if (nodeIds.has(id)) results[id] = entry;
  const metadata = (runResults.metadata ?? {}) as Json;
  const args = (runResults.args ?? {}) as Json;
  for (const value of (runResults.results ?? []) as Json[]) {
    const { compiled_code: _sql, ...result } = value;
    results[String(value.unique_id)] = {
      invocation_id: String(metadata.invocation_id ?? ''), command: String(args.command ?? ''), generated_at: String(metadata.generated_at ?? ''), result,
    };
  }
  return { weir_latest_results_version: 1, results };
}
