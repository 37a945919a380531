import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeWithService } from './service.js';

/**
 * Differential tests render with real Jinja2 through WEIR_PYTHON (a venv with jinja2 pinned, from
 * `scripts/services start python`); see describeWithService for what happens without it.
 */
export function describeJinja2(name: string, body: (python: string) => void): void {
  describeWithService({ what: 'Python with Jinja2', variable: 'WEIR_PYTHON', start: 'python', placeholder: 'python3' }, name, body);
}

export type Jinja2Result = { ok: true; out: string } | { ok: false; error: string };

/** Renders every template in one Python process (dbt's Jinja settings: see test/jinja/render-jinja2.py). */
export function renderWithJinja2(
  python: string,
  context: Record<string, unknown>,
  templates: ReadonlyArray<{ name: string; source: string }>,
): Record<string, Jinja2Result> {
  const script = join(import.meta.dirname, '..', 'jinja', 'render-jinja2.py');
  const run = spawnSync(python, [script], { input: JSON.stringify({ context, templates }), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`Jinja2 renderer failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, Jinja2Result>;
}
