export { ensureSchemas, executeNodes } from './execute-nodes.js';
export { writeCompiledSql, compiledPathFor } from './write-sql.js';
export type * from './types.js';
