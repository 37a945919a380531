export * from './generic-tests.js';
export * from './thresholds.js';
