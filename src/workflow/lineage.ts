import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { openSqlParser } from '../adapters/duckdb/sql-parser.js';
import { writeArtifact } from '../artifacts/write.js';
import { CTE_PREFIX } from '../compile/ephemeral.js';
import type { CompiledNode } from '../compile/types.js';
import { topologicalOrder } from '../graph/index.js';
import { buildLineage, type LineageArtifact, type LineageNode } from '../lineage/index.js';
import type { OpenedProject } from './open-project.js';

const TRACED = new Set(['model', 'snapshot', 'seed', 'source']);

/**
 * Column lineage of the whole project (DuckDB's parser over the compiled SQL, whatever the target
 * engine), written to target/lineage.json. Columns of sources and seeds come from the catalog
 * (target/catalog.json, when `weir docs generate` wrote one), a seed's CSV header, or properties files.
 */
export async function generateLineage(opened: OpenedProject): Promise<{ lineage: LineageArtifact; path: string; nodes: readonly LineageNode[] }> {
  const catalog = readCatalogColumns(opened.project.targetDir);
  const nodes = topologicalOrder(opened.dag)
    .map((id) => opened.compiled.nodes.get(id))
    .filter((node): node is CompiledNode => node !== undefined && TRACED.has(node.resourceType))
    .map((node) => lineageNode(node, catalog.get(node.uniqueId)));
  const parser = await openSqlParser();
  try {
    const lineage = await buildLineage(nodes, parser, CTE_PREFIX);
    const path = await writeArtifact(opened.project.targetDir, 'lineage.json', lineage);
    return { lineage, path, nodes };
  } finally {
    parser.close();
  }
}

function lineageNode(node: CompiledNode, catalogColumns: string[] | undefined): LineageNode {
  const hasSql = node.resourceType === 'model' || node.resourceType === 'snapshot';
  const header = node.resourceType === 'seed' ? seedHeader(node) : undefined;
  const documented = Object.values(node.columns).map((c) => c.name);
  const known = catalogColumns ?? header;
  return {
    uniqueId: node.uniqueId, resourceType: node.resourceType, name: node.name,
    sql: hasSql ? node.compiledCode : undefined,
    relation: node.relation, ephemeral: node.config.materialized === 'ephemeral',
    knownColumns: known ?? documented, knownColumnsComplete: known !== undefined,
  };
}

function seedHeader(node: CompiledNode): string[] | undefined {
  try {
    const text = readFileSync(node.absolutePath, 'utf8');
    const rows = parseCsv(text.slice(0, text.indexOf('\n') + 1 || undefined), { delimiter: node.config.delimiter ?? ',', to_line: 1, bom: true }) as string[][];
    return rows[0];
  } catch {
    return undefined;
  }
}

/** Column names per node id from an earlier target/catalog.json, if there is one. */
function readCatalogColumns(targetDir: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const path = join(targetDir, 'catalog.json');
  if (!existsSync(path)) return result;
  try {
    const catalog = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, { columns?: Record<string, { name: string; index: number }> }>>;
    for (const group of [catalog.nodes ?? {}, catalog.sources ?? {}]) {
      for (const [id, entry] of Object.entries(group)) {
        const columns = Object.values(entry.columns ?? {}).sort((a, b) => a.index - b.index).map((c) => c.name);
        if (columns.length) result.set(id, columns);
      }
    }
  } catch {
    // A catalog that does not read is as good as none: lineage falls back to properties files.
  }
  return result;
}
