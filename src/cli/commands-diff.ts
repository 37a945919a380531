import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { toJson } from '../core/json.js';
import { anyDifference, diffModels } from '../workflow/diff.js';
import { commonOptions, type CliContext } from './cli-context.js';

/** `weir diff -s m (--state DIR | --target-b T) [--key k] [--fail-on-diff]`. */
export async function diffCommand(command: Command, context: CliContext) {
  const common = commonOptions(command, context);
  const flags = command.opts() as { key?: string[]; sample: number; failOnDiff?: boolean; output: 'text' | 'json'; targetB?: string; maxRows: number };
  if (!Number.isInteger(flags.sample) || flags.sample < 0) throw new UsageError('--sample must be a whole number');
  if (!Number.isInteger(flags.maxRows) || flags.maxRows < 1) throw new UsageError('--max-rows must be a whole number above 0');
  if (flags.targetB !== undefined && common.state !== undefined) throw new UsageError('weir diff compares with --state or with --target-b, not both');
  const started = performance.now();
  const diffs = await diffModels(common, { key: flags.key, sample: flags.sample, targetB: flags.targetB, maxRows: flags.maxRows });
  const out = context.output();
  for (const { node, a, b, key, diff } of diffs) {
    if (flags.output === 'json') {
      out.print(toJson({ node, a, b, key, ...diff }));
      continue;
    }
    out.print(`${node}: ${a} (A) vs ${b} (B), rows matched on ${key.join(', ')}`);
    out.print(`  rows: A ${diff.rowsA}, B ${diff.rowsB}; only in A ${diff.onlyInA}, only in B ${diff.onlyInB}, changed ${diff.changed}`);
    for (const [column, count] of Object.entries(diff.columns)) if (count > 0) out.print(`  ${column}: ${count} rows differ`);
    if (diff.columnsOnlyInA.length) out.print(`  columns only in A: ${diff.columnsOnlyInA.join(', ')}`);
    if (diff.columnsOnlyInB.length) out.print(`  columns only in B: ${diff.columnsOnlyInB.join(', ')}`);
    for (const [kind, rows] of Object.entries(diff.samples)) for (const row of rows) out.print(`  sample ${kind}: ${toJson(row)}`);
  }
  const different = anyDifference(diffs);
  common.logger.log({
    level: 'info', code: 'diffed',
    message: `Compared ${diffs.length} model${diffs.length === 1 ? '' : 's'} in ${((performance.now() - started) / 1000).toFixed(2)}s: ${different ? 'differences found' : 'no differences'}`,
    data: { models: diffs.length, different },
  });
  if (different && flags.failOnDiff) context.setExit(1);
}
