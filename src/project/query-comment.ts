import type { QueryComment } from './types.js';
import type { YamlFile } from './yaml-file.js';

/**
 * dbt's default query comment (dbt-core's DEFAULT_QUERY_COMMENT) with weir as the app: a JSON
 * object naming the app, versions, profile, target and node, so a DBA reading the warehouse's
 * query log sees which node ran each statement.
 */
export const DEFAULT_QUERY_COMMENT = `
{%- set comment_dict = {} -%}
{%- do comment_dict.update(app='weir', dbt_version=dbt_version, profile_name=target.get('profile_name'), target_name=target.get('target_name')) -%}
{%- if node is not none -%}{%- do comment_dict.update(node_id=node.unique_id) -%}{%- else -%}{%- do comment_dict.update(connection_name=connection_name) -%}{%- endif -%}
{{ return(tojson(comment_dict)) }}`;

type QueryCommentValue = string | null | { readonly comment?: string | undefined; readonly append?: boolean | undefined; readonly 'job-label'?: boolean | undefined } | undefined;

/**
 * dbt_project.yml's `query-comment`: absent, dbt's default comment before each statement; null or
 * '' turns comments off; a string is the comment's Jinja; a mapping gives `comment` and `append`.
 */
export function queryCommentOf(yaml: YamlFile, value: QueryCommentValue, present: boolean): QueryComment | null {
  const line = yaml.lineOf(['query-comment']);
  if (!present) return { comment: DEFAULT_QUERY_COMMENT, append: false, line: undefined };
  if (value === null || value === '' || value === undefined) return null;
  if (typeof value === 'string') return { comment: value, append: false, line };
  if (value.comment === '') return null;
  return { comment: value.comment ?? DEFAULT_QUERY_COMMENT, append: value.append ?? false, line };
}
