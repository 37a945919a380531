/**
 * dbt's MicrobatchBuilder (dbt/materializations/incremental/microbatch.py): which batches a run of
 * a microbatch model builds, all in UTC. A batch is [start, end): start on a batch boundary, end the
 * next one (the last ends at the run's end).
 */
export type BatchSize = 'hour' | 'day' | 'month' | 'year';
export interface Batch {
  readonly start: Date;
  readonly end: Date;
}

export function truncate(t: Date, size: BatchSize): Date {
  const y = t.getUTCFullYear();
  switch (size) {
    case 'hour': return new Date(Date.UTC(y, t.getUTCMonth(), t.getUTCDate(), t.getUTCHours()));
    case 'day': return new Date(Date.UTC(y, t.getUTCMonth(), t.getUTCDate()));
    case 'month': return new Date(Date.UTC(y, t.getUTCMonth(), 1));
    case 'year': return new Date(Date.UTC(y, 0, 1));
  }
}

/** The batch boundary `offset` batches from t's own (truncated) boundary. */
export function offset(t: Date, size: BatchSize, by: number): Date {
  const b = truncate(t, size);
  switch (size) {
    case 'hour': return new Date(b.getTime() + by * 3_600_000);
    case 'day': return new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate() + by));
    case 'month': return new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + by, 1));
    case 'year': return new Date(Date.UTC(b.getUTCFullYear() + by, 0, 1));
  }
}

export function ceiling(t: Date, size: BatchSize): Date {
  const b = truncate(t, size);
  return b.getTime() === t.getTime() ? b : offset(b, size, 1);
}

/** `--event-time-start` / `--event-time-end`: the window microbatch models build. */
export interface EventTimeWindow {
  readonly eventTimeStart?: Date | undefined;
  readonly eventTimeEnd?: Date | undefined;
}

export interface BatchPlan extends EventTimeWindow {
  readonly size: BatchSize;
  readonly begin: Date;
  readonly lookback: number;
  /** Whether the table is there and this is no full refresh (dbt's is_incremental for the model). */
  readonly incremental: boolean;
  readonly now: Date;
}

/**
 * The batches of one run: from --event-time-start, or `begin` on a first build, or `lookback`
 * batches before the current one; to --event-time-end or now.
 */
export function planBatches(plan: BatchPlan): Batch[] {
  const { size } = plan;
  const end = ceiling(plan.eventTimeEnd ?? plan.now, size);
  let start: Date;
  if (plan.eventTimeStart) start = truncate(plan.eventTimeStart, size);
  else if (!plan.incremental) start = truncate(plan.begin, size);
  // end sits on a boundary, so dbt looks back one batch more to include the one before it.
  else start = offset(end, size, -(plan.lookback + 1));
  const batches: Batch[] = [];
  let current = { start, end: offset(start, size, 1) };
  batches.push(current);
  while (current.end < end) {
    current = { start: current.end, end: offset(current.end, size, 1) };
    batches.push(current);
  }
  batches[batches.length - 1] = { start: batches[batches.length - 1]!.start, end };
  return batches;
}

/** dbt's format_batch_start: 2024-09-17T16, 2024-09-17, 2024-09, 2024. */
export function formatBatchStart(t: Date, size: BatchSize): string {
  const iso = t.toISOString();
  return size === 'year' ? iso.slice(0, 4) : size === 'month' ? iso.slice(0, 7) : size === 'day' ? iso.slice(0, 10) : iso.slice(0, 13);
}

/** dbt's batch id (model.batch.id): the formatted start without dashes, 20240917. */
export const batchId = (t: Date, size: BatchSize): string => formatBatchStart(t, size).replace(/-/g, '');

/** A timestamp as Python prints an aware UTC datetime (how dbt writes the event-time filter): 2024-01-01 00:00:00+00:00. */
export const pythonUtc = (t: Date): string => `${t.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;

/** As run_results.json writes a batch bound (dbt serialises the datetime in ISO format). */
export const isoUtc = (t: Date): string => `${t.toISOString().slice(0, 19)}+00:00`;
