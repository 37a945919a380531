import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import type { AnalysisProperties } from './analysis-schema.js';
import type { Located, SqlFile } from './types.js';

/** An analysis yml entry must describe an SQL file in analyses/; otherwise it is a typo. */
export function checkAnalysisEntries(
  files: readonly SqlFile[],
  entries: ReadonlyMap<string, Located<AnalysisProperties>>,
  diagnostics: Diagnostic[],
): void {
  const names = files.map((f) => f.name);
  for (const [name, entry] of entries) {
    if (names.includes(name)) continue;
    const close = didYouMean(name, names);
    diagnostics.push({
      severity: 'error',
      file: entry.file,
      line: entry.line,
      key: 'analyses.name',
      message: `analysis '${name}' has no SQL file: there is no ${name}.sql in the analyses folder`,
      hint: `${close ? `${close} ` : ''}write its query in analyses/${name}.sql, or fix the name`,
    });
  }
}
