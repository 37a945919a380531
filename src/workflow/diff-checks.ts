import type { ColumnInfo } from '../adapters/types.js';
import type { CompiledNode } from '../compile/types.js';
import { UsageError } from '../core/errors.js';
import type { DataDiff } from './data-diff.js';
import { selectForCommand, type CommonOptions, type OpenedProject } from './open-project.js';

/** What `weir diff` checks and returns, with --state (one engine) or --target-b (any two). */
export interface ModelDiff {
  readonly node: string;
  readonly a: string;
  readonly b: string;
  readonly key: readonly string[];
  readonly diff: DataDiff;
}

export interface DiffFlags {
  readonly key?: readonly string[] | undefined;
  readonly sample: number;
  /** `--target-b`: compare with the same models in another target (any engine) instead of --state. */
  readonly targetB?: string | undefined;
  /** `--max-rows`: with --target-b, the most rows of one side fetched from differing key buckets. */
  readonly maxRows?: number | undefined;
}

export function selectedForDiff(opened: OpenedProject, options: CommonOptions): string[] {
  const ids = [...selectForCommand(opened, options, ['model', 'seed', 'snapshot'], true)];
  if (ids.length === 0) throw new UsageError('weir diff needs --select naming the models to compare');
  return ids;
}

/** The columns that identify a row: --key, else the model's unique_key. */
export function diffKey(node: CompiledNode, key: readonly string[] | undefined): readonly string[] {
  const found = key?.length ? key : node.config.unique_key;
  if (!found?.length) throw new UsageError(`${node.name} has no unique_key: say which columns identify a row with --key`, { hint: 'for example --key order_id' });
  return found;
}

/** The relation exists (has columns) and has every key column. */
export function checkSide(relation: string, columns: readonly ColumnInfo[], key: readonly string[], model: string, where = ''): void {
  if (columns.length === 0) throw new UsageError(`${relation}${where} does not exist: build ${model} there first`);
  const missing = key.filter((k) => !columns.some((c) => c.name.toLowerCase() === k.toLowerCase()));
  if (missing.length) throw new UsageError(`${relation}${where} has no column ${missing.join(', ')} to match rows on`);
}

