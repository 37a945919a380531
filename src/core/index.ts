export * from './closest.js';
export * from './diagnostics.js';
export * from './errors.js';
export * from './ids.js';
export * from './json.js';
export * from './logger.js';
export * from './file-stream.js';
