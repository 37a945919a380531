import type { CompiledNode } from './types.js';

/**
 * Ephemeral models are not built; whoever refs one gets its SQL as a CTE named
 * `__weir__cte__<name>`. CTEs are merged into a leading `with` so the result stays one statement.
 */
export const CTE_PREFIX = '__weir__cte__';

export function cteName(modelName: string): string {
  return `${CTE_PREFIX}${modelName}`;
}

const LEADING = /^(\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*)with(\s+recursive)?\s/i;

/** Prepends `ctes` (already ordered so each only uses earlier ones) to `sql`. */
export function injectCtes(sql: string, ctes: ReadonlyArray<{ name: string; sql: string }>): string {
  if (ctes.length === 0) return sql;
  const definitions = ctes.map((c) => `${c.name} as (\n${c.sql.trim()}\n)`).join(',\n');
  const leading = LEADING.exec(sql);
  if (leading) {
    const head = leading[0];
    return `${head}${definitions},\n${sql.slice(head.length)}`;
  }
  return `with ${definitions}\n${sql}`;
}

/** `sql` with the definition injectCtes wrote for `cte` holding `replacement` instead. */
export function replaceCte(sql: string, cte: { name: string; sql: string }, replacement: string): string {
  const before = `${cte.name} as (\n${cte.sql.trim()}\n)`;
  return sql.replace(before, () => `${cte.name} as (\n${replacement.trim()}\n)`);
}

/** The ephemeral models a model reads from, directly or through other ephemerals, oldest first. */
export function ephemeralCtes(dependsOn: readonly string[], compiled: ReadonlyMap<string, CompiledNode>) {
  const seen = new Set<string>();
  const ordered: Array<{ id: string; name: string; sql: string }> = [];
  const visit = (id: string) => {
    const node = compiled.get(id);
    if (!node || node.config.materialized !== 'ephemeral' || seen.has(id)) return;
    seen.add(id);
    // Its own CTEs are already inlined in its compiled code, so each appears once, nested.
    ordered.push({ id, name: cteName(node.name), sql: node.compiledCode });
  };
  dependsOn.forEach(visit);
  return ordered;
}
