import { WeirError } from '../core/errors.js';
import type { AnalysisSpec } from '../project/analysis-schema.js';
import { describeCorrelation } from './describe.js';
import { completeRows, findColumn, numericValues, type AnalysisOrigin, type QueryTable } from './prepare-data.js';
import type { Analysed } from './result-types.js';
import { adjustPValues } from './statistics/adjust.js';
import { compositionWarning, findCompositions } from './statistics/composition.js';
import { describeEvidence, isSignificant, type TestFamily } from './statistics/evidence.js';
import { describeFamily } from './statistics/format.js';
import { allPairs, correlationMatrix, type MatrixCell } from './statistics/matrix.js';
import { worstOf } from './worst.js';

type MatrixSpec = Extract<AnalysisSpec, { kind: 'matrix' }>;

/**
 * A correlation matrix: every pair of the columns, or only the pairs the analysis asks about. The
 * p-values are adjusted over the pairs tested (Benjamini-Hochberg unless p_adjust says otherwise),
 * the words follow the adjusted p, and the headline answers the pairs asked (else the best evidence).
 */
export function analyseMatrix(spec: MatrixSpec, table: QueryTable, origin: AnalysisOrigin): Analysed {
  const names = spec.columns.map((c, i) => findColumn(table, c, origin, `columns[${i}]`));
  const pairs = spec.pairs?.map(([a, b], i): [string, string] => [pairColumn(table, names, a, origin, `pairs[${i}][0]`), pairColumn(table, names, b, origin, `pairs[${i}][1]`)]);
  const columns = names.map((name) => ({ name, values: numericValues(table, name, origin) }));
  const raw = correlationMatrix(columns, spec.method, pairs);
  const family: TestFamily = { method: spec.p_adjust ?? 'bh', tests: raw.filter((c) => c.pValue !== null).length };
  const adjusted = adjustPValues(raw.map((c) => c.pValue), family.method);
  const cells = raw.map((c, i): MatrixCell => {
    const cell = { ...c, pAdjusted: adjusted[i] ?? null };
    return c.status === 'ok' ? { ...cell, message: describeEvidence(cell, family) } : cell;
  });
  const complete = completeRows(...columns.map((c) => c.values));
  const warning = compositionWarning(findCompositions(columns), pairs ?? allPairs(names));
  const worst = worstOf(cells);
  const scope = describeFamily(family);
  const header = `${pairs ? `${cells.length} pair${cells.length === 1 ? '' : 's'} asked of` : `${cells.length} pairs of`} ${names.length} columns (${spec.method}${scope ? `, ${scope}` : ''})`;
  return {
    result: { kind: 'matrix', method: spec.method, columns: names, pairs: pairs ?? null, cells, status: worst.status, message: worst.message,
      summary: [header, ...headline(cells, family, pairs !== undefined)].join('; '), rows: table.rows.length,
      n: complete.kept[0]?.length ?? 0, dropped: complete.dropped, pAdjust: family, warnings: warning ? [warning] : [] },
    points: [],
  };
}

function pairColumn(table: QueryTable, names: readonly string[], name: string, origin: AnalysisOrigin, key: string): string {
  const found = findColumn(table, name, origin, key);
  if (names.includes(found)) return found;
  throw new WeirError(`analysis '${origin.name}': ${key} '${name}' is not one of its columns`, {
    hint: `add '${name}' to columns: or name one of ${names.join(', ')} in ${origin.ymlFile ?? 'its yml'}`,
  });
}

/** The pairs asked, each with its figures and words; else the pair with the strongest evidence. */
function headline(cells: readonly MatrixCell[], family: TestFamily, asked: boolean): string[] {
  const describe = (c: MatrixCell) => `${c.x} ~ ${c.y}: ${describeCorrelation(c, family)}`;
  if (asked) return cells.map(describe);
  const ranked = cells.filter((c) => c.pAdjusted !== null)
    .sort((a, b) => a.pAdjusted! - b.pAdjusted! || Math.abs(b.coefficient!) - Math.abs(a.coefficient!));
  const best = ranked[0];
  if (!best) return [];
  if (isSignificant(best)) return [`strongest evidence: ${describe(best)}`];
  return [`no pair shows evidence of a relationship${family.tests > 1 && family.method !== 'none' ? ' after adjustment' : ''}; closest: ${describe(best)}`];
}
