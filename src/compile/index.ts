export { compileProject, type CompileOptions } from './compile-project.js';
export { CTE_PREFIX } from './ephemeral.js';
export { emptyRelation } from './relation-value.js';
export { operations, OperationError, type OperationBody, type Operations } from './operation.js';
export { toGraphNode } from './graph-node.js';
export type * from './types.js';
export { executionRenderer, type ExecutionRenderer } from './execution-render.js';
export { executionContexts, type ExecutionContexts } from './execution-context.js';
export { materializationRunner, type MaterializationRunner, type MaterializationOutcome } from './materialization-render.js';
