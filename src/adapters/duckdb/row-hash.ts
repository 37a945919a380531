import { castingRowHash } from '../value-text.js';

export const duckdbRowHash = castingRowHash(
  (expr, utc) => `strftime(${utc ? `timezone('UTC', ${expr})` : expr}, '%Y-%m-%dT%H:%M:%S.%f')`,
  (hex) => `cast('0x' || ${hex} as bigint)`,
);
