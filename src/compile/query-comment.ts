import type { Project } from '../project/types.js';
import { WeirError } from '../core/errors.js';
import type { CompileOptions } from './compile-options.js';
import { buildContext } from './context.js';
import { invocationInputs } from './invocation-inputs.js';
import { nodeDict } from './node-dict.js';
import { createEnvironment, prepareTemplate, templateDiagnostic } from './template.js';
import type { CompiledNode } from './types.js';

/** A statement with its node's query comment, before it or (`append`) after it. */
export type QueryCommenter = (node: CompiledNode) => ((sql: string) => string) | undefined;

/**
 * dbt's query comment: the project's `query-comment` Jinja, rendered once per node with `node`,
 * `target`, `dbt_version`, `var` and `env_var` (dbt renders it in a macro taking connection_name
 * and node, so `return()` works), put on every statement the node runs. A comment that renders
 * `*` `/` would end the SQL comment early: dbt refuses it, and so does weir.
 */
export function queryCommenter(project: Project, options: CompileOptions): QueryCommenter | undefined {
  const setting = project.queryComment;
  if (!setting) return undefined;
  const text = `{% macro __weir_query_comment(connection_name, node) %}${setting.comment}{% endmacro %}{{ __weir_query_comment(connection_name, node) }}`;
  const file = project.projectFile ?? 'dbt_project.yml';
  const template = prepareTemplate(createEnvironment(), text, file);
  const shared = invocationInputs(project, options);
  // One context for every node (only `node` and connection_name differ): building it per node cost ~0.7 ms each.
  let context: Record<string, unknown> | undefined;
  return (node) => {
    context ??= buildContext({ ...shared, file, logger: options.logger, emitLogs: false, execute: true }, {
      ref: () => '', source: () => '', config: () => undefined, isIncremental: () => false, self: '',
    });
    let comment: string;
    try {
      const dict = () => nodeDict(node, options.target.database, options.quoteRelation, options.nodePaths);
      comment = template.render({ ...context, connection_name: node.uniqueId, node: lazyNode(node.uniqueId, dict) }).trim();
    } catch (error) {
      const d = templateDiagnostic(error, file, { phase: 'render' });
      throw new WeirError(`query-comment in ${file}${setting.line ? `:${setting.line}` : ''} failed to render: ${d.message}`);
    }
    if (comment === '') return undefined;
    if (comment.includes('*/')) throw new WeirError(`query-comment in ${file}${setting.line ? `:${setting.line}` : ''} renders '*/', which would end the SQL comment: ${comment}`);
    return setting.append ? (sql) => `${sql}\n/* ${comment} */` : (sql) => `/* ${comment} */\n${sql}`;
  };
}

/**
 * The node dict, built only when the comment reads more than its unique_id: dbt's default comment
 * (on in every dbt project) reads only that, and the whole dict cost ~0.3 ms per statement's node.
 */
function lazyNode(uniqueId: string, build: () => Record<string, unknown>): Record<string, unknown> {
  let whole: Record<string, unknown> | undefined;
  const full = () => (whole ??= build());
  const cheap = (key: string | symbol) => key === 'unique_id';
  return new Proxy({}, {
    get: (_, key) => (cheap(key) ? uniqueId : Reflect.get(full(), key)),
    has: (_, key) => cheap(key) || Reflect.has(full(), key),
    ownKeys: () => Reflect.ownKeys(full()),
    getOwnPropertyDescriptor(_, key) {
      if (cheap(key)) return { value: uniqueId, writable: true, enumerable: true, configurable: true };
      const found = Reflect.getOwnPropertyDescriptor(full(), key);
      // The proxy's own target is empty: every key it reports must be configurable.
      return found && { ...found, configurable: true };
    },
  });
}
