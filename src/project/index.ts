export * from './folder-config.js';
export * from './load-project.js';
export * from './schemas.js';
export { CONSTRAINT_TYPES, type ColumnProperties, type ConstraintProperties } from './column-schema.js';
export { sourceDeclarationSchema, type FreshnessConfig, type SourceConfig, type SourceDeclaration } from './source-schema.js';
export * from './targets.js';
export * from './types.js';
export * from './yaml-file.js';
