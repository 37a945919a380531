import type { Project, SqlFile } from '../project/types.js';

/** What a diagnostic in an inline query names as its file. */
export const INLINE_PATH = '--inline';

/**
 * `weir show --inline`: the query joins the project as one more analysis, so the real compiler
 * renders it (Jinja, macros, var(), ref() and source() with ephemeral models inlined) and reports
 * its mistakes as for any file. Named like dbt's `inline_query`, unless a node already is.
 */
export function withInlineQuery(project: Project, sql: string): { project: Project; name: string } {
  const taken = new Set([...project.models, ...project.analyses, ...project.singularTests].map((f) => f.name));
  let name = 'inline_query';
  for (let n = 2; taken.has(name); n++) name = `inline_query_${n}`;
  const file: SqlFile = { name, path: INLINE_PATH, absolutePath: INLINE_PATH, fqn: [project.name, name], text: sql };
  return { project: { ...project, analyses: [...project.analyses, file] }, name };
}
