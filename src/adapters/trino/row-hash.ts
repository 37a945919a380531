import { castingRowHash } from '../value-text.js';

export const trinoRowHash = castingRowHash(
  // date_format's %f stops at milliseconds; to_iso8601 of a timestamp(6) writes all six digits.
  (expr, utc) => `to_iso8601(cast(${utc ? `${expr} at time zone 'UTC'` : expr} as timestamp(6)))`,
  (hex) => `from_base(${hex}, 16)`,
);
