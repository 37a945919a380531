/** dbt's runtime context: what templates ask the warehouse (run_query, statement, adapter.*), in dbt's two phases. */
export { AgateTable, pythonValue } from './agate-table.js';
export { adapterMethods, listRelationsTable } from './adapter-methods.js';
export { Column, columnApi } from './column.js';
export { Relation, relationApi, relationParts, type QuoteIdentifier } from './relation.js';
export { AdapterResponse, NeedsWarehouse, newScope, statementFunctions, type DbtScope } from './statements.js';
export { AwaitWarehouse, ReplayDiverged, WarehouseReplay, type StatementOutcome, type Warehouse, type WarehouseColumn, type WarehouseRelation } from './warehouse.js';
export { lazyDict } from './lazy-dict.js';
