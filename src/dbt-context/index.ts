/** dbt's runtime context: what templates ask the warehouse (run_query, statement, adapter.*), in dbt's two phases. */
export { AgateTable, pythonValue } from './agate-table.js';
export { AdapterResponse, NeedsWarehouse, newScope, statementFunctions, type DbtScope } from './statements.js';
export { AwaitWarehouse, WarehouseReplay, type StatementOutcome, type Warehouse, type WarehouseColumn, type WarehouseRelation } from './warehouse.js';
