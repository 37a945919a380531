/**
 * dbt's custom materializations: `{% materialization name, default %}` (or `adapter='duckdb'`) in a
 * macro file is the macro `materialization_<name>_<adapter>`, as dbt names it, so the macro library
 * compiles it like any other macro (lines stay where they were, so errors point at the right place).
 */
import type { Diagnostic } from '../core/diagnostics.js';
import { closestNames } from '../core/closest.js';
import { folderMaterializedAt, type FolderConfigNode } from '../project/folder-config.js';
import { MATERIALIZATIONS } from '../project/schemas.js';
import { lineOfMatch } from './resolve-config.js';

const OPEN = /\{%(-?)\s*materialization\s+([A-Za-z_][A-Za-z0-9_]*)\s*,\s*(?:default|adapter\s*=\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\3)\s*(?:,\s*supported_languages\s*=\s*\[[^\]]*\]\s*)?(-?)%\}/g;
const CLOSE = /\{%(-?)\s*endmaterialization\s*(-?)%\}/g;

export function materializationBlocksAsMacros(text: string): string {
  if (!text.includes('materialization')) return text;
  return text
    .replace(OPEN, (_m, l: string, name: string, _q, adapter: string | undefined, r: string) => `{%${l} macro ${materializationMacro(name, adapter ?? 'default')}() ${r}%}`)
    .replace(CLOSE, '{%$1 endmacro $2%}');
}

export function materializationMacro(name: string, adapter: string): string {
  return `materialization_${name}_${adapter}`;
}

/** The materializations weir builds itself (a project's own `{% materialization table, default %}` replaces one). */
export const BUILT_IN_MATERIALIZATIONS: ReadonlySet<string> = new Set(MATERIALIZATIONS);

/**
 * The macro that runs materialization `name` on `adapterType`: the adapter's own wins over
 * `default`, as in dbt. Undefined when no macro file defines one.
 */
export function findMaterialization(names: ReadonlySet<string>, name: string, adapterType: string): string | undefined {
  return [materializationMacro(name, adapterType), materializationMacro(name, 'default')].find((m) => names.has(m));
}

/** Every materialization defined for `adapterType` (or default), by name, for messages. */
export function definedMaterializations(names: ReadonlySet<string>, adapterType: string): string[] {
  const found = new Set<string>();
  for (const macro of names) {
    const match = /^materialization_(.+)_([A-Za-z0-9]+)$/.exec(macro);
    if (!match) continue;
    for (const suffix of ['default', adapterType]) {
      if (macro.endsWith(`_${suffix}`)) found.add(macro.slice('materialization_'.length, -suffix.length - 1));
    }
  }
  return [...found].sort();
}

/** A model whose `materialized` names no materialization: where it was set, and the ones that exist. */
export function checkMaterializations(
  models: ReadonlyArray<{ readonly kind: string; readonly file: { readonly path: string; readonly text: string; readonly fqn: readonly string[] }; readonly config: { readonly materialized: string } }>,
  folders: FolderConfigNode,
  macroNames: ReadonlySet<string>,
  adapterType: string,
  diagnostics: Diagnostic[],
): void {
  const reported = new Set<string>();
  for (const m of models) {
    const name = m.config.materialized;
    if (m.kind !== 'model' || BUILT_IN_MATERIALIZATIONS.has(name) || findMaterialization(macroNames, name, adapterType)) continue;
    const inline = lineOfMatch(m.file.text, /\bmaterialized\s*=/);
    const folder = inline === undefined ? folderMaterializedAt(folders, m.file.fqn) : undefined;
    const where = folder ? { file: folder.file, line: folder.line, key: folder.key } : { file: m.file.path, line: inline ?? lineOfMatch(m.file.text, /\bconfig\s*\(/), key: 'config.materialized' };
    if (reported.has(`${where.file}:${where.line}`)) continue;
    reported.add(`${where.file}:${where.line}`);
    const known = [...BUILT_IN_MATERIALIZATIONS, ...definedMaterializations(macroNames, adapterType).filter((c) => !BUILT_IN_MATERIALIZATIONS.has(c))];
    const close = closestNames(name, known, 1);
    diagnostics.push({
      severity: 'error', ...where,
      message: `materialization '${name}' is not defined for ${adapterType}${folder ? ` (models such as ${m.file.path} use it)` : ''}`,
      hint: `${close.length ? `did you mean '${close[0]}'? ` : ''}the materializations are: ${known.join(', ')}; `
        + `define it in a macro file with {% materialization ${name}, default %} ... {% endmaterialization %} (or adapter='${adapterType}')`,
    });
  }
}
