export * from './generic-tests.js';
export * from './thresholds.js';
export * from './fixture-values.js';
export * from './unit-test-spec.js';
export * from './row-diff.js';
export * from './run-unit-test.js';
