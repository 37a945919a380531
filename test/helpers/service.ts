import { describe, it } from 'vitest';

/**
 * A suite that needs a service named by an env var (`scripts/services start <service>` sets it). Without
 * it the suite skips LOUDLY (a warning and a skipped suite), unless WEIR_REQUIRE_PG=1 (as in CI), where
 * the missing service is a failure.
 */
export function describeWithService(
  service: { readonly what: string; readonly variable: string; readonly start: string; readonly placeholder: string },
  name: string,
  body: (value: string) => void,
): void {
  const value = process.env[service.variable];
  if (value) {
    describe(name, () => body(value));
    return;
  }
  if (process.env.WEIR_REQUIRE_PG === '1') {
    describe(name, () => it(`needs ${service.what}`, () => {
      throw new Error(`WEIR_REQUIRE_PG=1 but ${service.variable} is not set: run eval "$(scripts/services start ${service.start})" first`);
    }));
    return;
  }
  console.warn(`\n!!! SKIPPING ${service.what} tests "${name}": ${service.variable} is not set. Run eval "$(scripts/services start ${service.start})" to run them !!!\n`);
  describe.skip(name, () => body(service.placeholder));
}
