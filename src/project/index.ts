export * from './folder-config.js';
export * from './load-project.js';
export * from './schemas.js';
export * from './targets.js';
export * from './types.js';
export * from './yaml-file.js';
