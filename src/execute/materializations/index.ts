import type { CompiledNode } from '../../compile/types.js';
import type { Materialize } from '../types.js';
import { materializeIncremental } from './incremental.js';
import { materializeSeed } from './seed.js';
import { materializeTable } from './table.js';
import { materializeView } from './view.js';
import { runDataTest } from './test.js';
import { runUnitTestNode } from './unit-test.js';
import { materializeIngest } from './ingest.js';
import { materializeSnapshot } from './snapshot.js';

const BY_KIND: Readonly<Record<string, Materialize>> = {
  view: materializeView,
  table: materializeTable,
  incremental: materializeIncremental,
  seed: materializeSeed,
  test: runDataTest,
  unit_test: runUnitTestNode,
  ingest: materializeIngest,
  snapshot: materializeSnapshot,
};

/** The materialization for a node, or undefined for nodes that are not built (ephemeral, source). */
export function materializationFor(node: CompiledNode): Materialize | undefined {
  return BY_KIND[node.config.materialized];
}
