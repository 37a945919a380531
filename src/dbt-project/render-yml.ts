import type { Environment } from 'nunjucks';
import type { Diagnostic } from '../core/diagnostics.js';
import { buildContext, CompilerError } from '../compile/context.js';
import { createEnvironment } from '../compile/template.js';
import { compileJinja } from '../jinja/index.js';
import { silentLogger } from '../core/logger.js';
import { formatKeyPath, type YamlFile } from '../project/yaml-file.js';

/** What `{{ ... }}` inside a yml value sees, as in dbt: var(), env_var() and target. */
export interface YmlContext {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  readonly target: Readonly<Record<string, unknown>>;
}

const HAS_JINJA = /\{\{|\{%/;

/**
 * Renders every string holding Jinja in a yml value, as dbt renders its yml files: the result is
 * read back as a native value ("true" -> true, "3" -> 3), so `+enabled: "{{ var('on') }}"` is a
 * boolean. `skip(path)` leaves a value as written (dbt renders hooks later, at run time).
 * Mistakes become diagnostics naming the file, line and key.
 */
export function renderYmlValue(
  yaml: YamlFile,
  value: unknown,
  path: readonly PropertyKey[],
  context: YmlContext,
  diagnostics: Diagnostic[],
  skip: (path: readonly PropertyKey[]) => boolean = () => false,
): unknown {
  let env: Environment | undefined;
  const scope = () => buildContext(
    { file: yaml.file, vars: context.vars, env: context.env, target: context.target, runStartedAt: new Date().toISOString(), logger: silentLogger, emitLogs: false },
    {
      ref: () => { throw new CompilerError('ref() cannot be used in a yml value'); },
      source: () => { throw new CompilerError('source() cannot be used in a yml value'); },
      config: () => undefined,
      isIncremental: () => false,
      self: '',
    },
  );
  const walk = (v: unknown, at: readonly PropertyKey[]): unknown => {
    if (skip(at)) return v;
    if (typeof v === 'string') {
      if (!HAS_JINJA.test(v)) return v;
      try {
        const template = compileJinja((env ??= createEnvironment()), v, yaml.file);
        return nativeValue(template.render(scope()));
      } catch (error) {
        diagnostics.push({
          severity: 'error', file: yaml.file, line: yaml.lineOf(at), key: formatKeyPath(at),
          message: `could not render ${JSON.stringify(v)}: ${cleanError(error)}`,
          hint: "yml values may use var('name'), env_var('NAME') and target; fix the expression or the var it reads",
        });
        return v;
      }
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...at, i]));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...at, k])]));
    }
    return v;
  };
  return walk(value, path);
}

/** dbt's native rendering: a rendered text that spells a boolean, none or a number becomes one. */
export function nativeValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^(true|True)$/.test(trimmed)) return true;
  if (/^(false|False)$/.test(trimmed)) return false;
  if (/^(none|None|null)$/.test(trimmed)) return null;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

function cleanError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Template render error:?\s*/, '').replace(/^\([^)]*\)(?: \[Line \d+, Column \d+\])?\n\s*/, '').replace(/^\w*Error: /, '').trim();
}

/** Keys of a properties file dbt leaves as written: descriptions (doc() is theirs), tests and hooks (rendered when run), weir's ingest blocks (their secrets are read at load time only). */
const PROPERTIES_NO_RENDER = new Set(['description', 'data_tests', 'tests', 'pre-hook', 'post-hook', 'pre_hook', 'post_hook', 'ingest', 'unit_tests']);

/**
 * Values dbt's SchemaYamlRenderer leaves for MetricFlow or for run time: a metric's `filter` (at any
 * depth, e.g. a ratio's numerator filter), a saved query's `query_params.where` (both hold
 * `{{ Dimension('x') }}`, which only MetricFlow can render) and a source's `loaded_at_query`.
 */
function leftForLater(path: readonly PropertyKey[]): boolean {
  const last = path[path.length - 1];
  if (last === 'loaded_at_query') return true;
  if (path[0] === 'metrics' && last === 'filter') return true;
  return path[0] === 'saved_queries' && path[2] === 'query_params' && path[3] === 'where';
}

/** Renders a properties file's Jinja as dbt does; the context is made only for a file that has some. */
export function propertiesRenderer(context: () => YmlContext): (yaml: YamlFile, diagnostics: Diagnostic[]) => unknown {
  let made: YmlContext | undefined;
  return (yaml, diagnostics) => renderYmlValue(yaml, yaml.value, [], (made ??= context()), diagnostics,
    (path) => leftForLater(path) || path.some((key) => typeof key === 'string' && PROPERTIES_NO_RENDER.has(key)));
}
