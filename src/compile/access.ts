import { packageNameOf } from '../project/package-scope.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { didYouMean } from '../core/closest.js';
import type { Project } from '../project/types.js';
import type { ParsedModel } from './parse-model.js';
import { escapeRegExp, lineOfMatch } from './resolve-config.js';
import { modelNodeId } from './model-versions.js';

/**
 * dbt's model governance, checked when the project is parsed as dbt does: a `group:` must name a
 * declared group, a private model needs one, and only nodes of its group may `ref()` a private
 * model (protected and public models are open to the whole project; weir reads no other project).
 */
export function checkAccess(project: Project, parsed: readonly ParsedModel[], diagnostics: Diagnostic[]): void {
  const groups = new Set(project.groups.map((g) => g.value.name));
  const models = new Map(parsed.filter((m) => m.kind === 'model').map((m) => [m.file.name, m]));
  const id = (m: ParsedModel) => modelNodeId(project, m.kind, m.file.name, packageNameOf(project, m.file.path));
  for (const m of parsed) {
    const group = m.config.group as string | undefined;
    // Only on error: scanning every file's text for the line costs ~0.1 s on 10,000 models.
    const where = () => ({ file: m.file.path, line: lineOfMatch(m.file.text, /\bgroup\s*=/) });
    if (group !== undefined && !groups.has(group)) {
      diagnostics.push({
        severity: 'error', ...where(),
        message: `Invalid group '${group}', expected one of [${[...groups].sort().map((g) => `'${g}'`).join(', ')}]`,
        hint: didYouMean(group, groups) ?? `declare it in a properties file: groups: [{name: ${group}, owner: {name: ...}}]`,
      });
    }
    if (m.kind === 'model' && m.config.access === 'private' && group === undefined) {
      diagnostics.push({
        severity: 'error', ...where(),
        message: `${id(m)} has access 'private' but belongs to no group, so nothing else could ref() it`,
        hint: "give it a group (group: finance, with the group declared under groups:) or make it access: protected",
      });
    }
    for (const ref of m.refs) {
      const target = models.get(ref.name);
      if (!target || target === m || target.config.access !== 'private') continue;
      const scope = target.config.group as string | undefined;
      if (scope === undefined || scope === group) continue;
      diagnostics.push({
        severity: 'error', file: m.file.path,
        line: lineOfMatch(m.file.text, new RegExp(`ref\\s*\\([^)]*['"]${escapeRegExp(ref.name)}['"]`)),
        message: `Node ${id(m)} attempted to reference node ${id(target)}, which is not allowed because the referenced node is private to the '${scope}' group.`,
        hint: `put ${m.file.name} in group '${scope}', or make ${ref.name} access: protected or public`,
      });
    }
  }
}
