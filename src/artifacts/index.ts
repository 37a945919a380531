export * from './manifest.js';
export * from './run-results.js';
export * from './write.js';
export * from './junit.js';
export * from './catalog.js';
export * from './weir-manifest.js';
export * from './sources.js';
