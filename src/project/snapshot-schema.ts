import { z } from 'zod';

/** dbt's names of the columns a snapshot adds, which `snapshot_meta_column_names` may rename. */
export const SNAPSHOT_META_COLUMNS = ['dbt_valid_from', 'dbt_valid_to', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted'] as const;
export type SnapshotMetaColumn = (typeof SNAPSHOT_META_COLUMNS)[number];

/** Snapshot config keys, as dbt spells them (older `target_schema` and 1.9's `schema` both work). */
export const snapshotConfigShape = {
  strategy: z.enum(['timestamp', 'check']),
  updated_at: z.string().min(1),
  check_cols: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]),
  target_schema: z.string().min(1),
  target_database: z.string().min(1),
  hard_deletes: z.enum(['ignore', 'invalidate', 'new_record']),
  invalidate_hard_deletes: z.boolean(),
  dbt_valid_to_current: z.string().min(1),
  snapshot_meta_column_names: z.object(Object.fromEntries(SNAPSHOT_META_COLUMNS.map((c) => [c, z.string().min(1)])) as Record<SnapshotMetaColumn, z.ZodString>).partial().strict(),
};

export const snapshotPropertiesShape = {
  relation: z.string().min(1).optional(),
};
