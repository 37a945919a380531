import { castingRowHash } from '../value-text.js';

export const postgresRowHash = castingRowHash(
  (expr, utc) => `to_char(${utc ? `${expr} at time zone 'UTC'` : expr}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
  // bit(32) reads the hex digits; to bigint keeps it unsigned.
  (hex) => `cast(cast('x' || ${hex} as bit(32)) as bigint)`,
  'text',
);
