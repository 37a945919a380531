import type { Diagnostic } from '../core/diagnostics.js';
import { discoverFiles } from '../project/discover.js';

/**
 * Files a dbt project may hold that weir does not read yet: each is named with its file (and line,
 * where there is one to point at), so nothing is skipped without a word.
 */
export function reportUnsupportedFiles(root: string, paths: { models: readonly string[] }, diagnostics: Diagnostic[]): void {
  for (const file of discoverFiles(root, paths.models, ['.py'])) {
    diagnostics.push({ severity: 'warning', file, line: 1, message: 'weir does not support python models yet; this model is not built', hint: 'write it as a SQL model, or build it with dbt' });
  }
}
