import type { Environment } from 'nunjucks';
import { newScope, type WarehouseReplay } from '../dbt-context/index.js';
import { compileJinja } from '../jinja/index.js';
import { buildContext, type ContextInputs } from './context.js';
import { findCustomTest } from './custom-tests.js';
import type { MacroLibrary } from './macros.js';
import { RelationValue } from './relation-value.js';
import type { CustomTestCall, Relation } from './types.js';

/** How a custom generic test was called, kept on its node so a run can render it again (plain data). */

export interface CustomTestRender {
  readonly sql: string;
  /** What the test's own `{{ config(...) }}` set (fail_calc, severity...). */
  readonly config: Record<string, unknown>;
  /** It asked the warehouse (adapter.get_columns_in_relation, run_query): a run renders it again. */
  readonly introspective: boolean;
}

export interface CustomTestInputs {
  readonly env: () => Environment;
  readonly macros: MacroLibrary;
  readonly context: ContextInputs;
  readonly ref: (name: string) => unknown;
  readonly source: (sourceName: string, tableName: string) => unknown;
  /** At execution, the warehouse's answers; at compile none, so a test that asks is rendered as dbt parses it. */
  readonly replay?: WarehouseReplay | undefined;
}

/**
 * Renders a custom generic test (`{% test name(model, ...) %}`, the project's or a package's) with
 * `model` a Relation as dbt passes it. At compile a test that asks the warehouse is rendered with
 * `execute` false, as dbt parses it, and marked for the run to render again.
 */
export function renderCustomTest(inputs: CustomTestInputs, name: string, call: CustomTestCall, tested: Relation): CustomTestRender {
  const config: Record<string, unknown> = {};
  const kwargs = {
    ...call.arguments,
    model: new RelationValue(tested.database ?? null, tested.schema, tested.identifier, call.model),
    ...(call.columnName !== undefined ? { column_name: call.columnName } : {}),
  };
  const renderOnce = (execute: boolean) => {
    const scope = newScope(execute, inputs.replay);
    const context = buildContext({ ...inputs.context, scope }, {
      ref: inputs.ref,
      source: inputs.source,
      config: (values) => void Object.assign(config, values),
      isIncremental: () => false,
      self: '',
      configValue: (key) => config[key],
    });
    try {
      const exported = inputs.macros.exportFor(context, name);
      const macro = findCustomTest(inputs.macros, exported, name);
      // An argument's Jinja may call macros too (`{{ dbt_expectations.type_timestamp() }}`, `{{ dbt_date.yesterday() }}`).
      const rendered = renderArguments(inputs.env(), kwargs, { ...context, ...exported });
      return { sql: String(macro({ ...rendered, __keywords: true })).trim(), introspected: scope.introspected };
    } catch (error) {
      if (!scope.introspected || !execute || inputs.replay) throw error;
      return undefined;
    }
  };
  const first = renderOnce(true);
  if (first) return { sql: first.sql, config, introspective: false };
  return { sql: renderOnce(false)!.sql, config, introspective: true };
}

/**
 * A test's config value written with Jinja in a properties file (`enabled: "{{ target.type != 'x' }}"`,
 * `severity: "{{ 'warn' if ... }}"`), rendered as dbt renders it: natively, so 'True' is a boolean.
 */
export function renderConfigValue(inputs: Pick<CustomTestInputs, 'env' | 'macros' | 'context' | 'ref' | 'source'>, text: string): unknown {
  const context = buildContext({ ...inputs.context, scope: newScope(false, undefined) }, {
    ref: inputs.ref, source: inputs.source, config: () => undefined, isIncremental: () => false, self: '',
  });
  return renderNative(inputs.env(), text, { ...context, ...inputs.macros.exportFor(context, 'test config') }, 'test config');
}

// One `{{ expression }}` and nothing else around it.
const SINGLE_EXPRESSION = /^\s*\{\{-?((?:(?!\}\}|\{\{|\{%).)*?)-?\}\}\s*$/s;

/**
 * dbt's native rendering (NativeEnvironment): a value that is one `{{ expression }}` is the
 * expression's own value, so `values: "{{ var('statuses') }}"` is the var's list; any other text is
 * rendered and read back as a literal (True, 3, None).
 */
export function renderNative(env: Environment, text: string, context: Record<string, unknown>, what: string): unknown {
  const single = SINGLE_EXPRESSION.exec(text);
  if (single) {
    const captured: unknown[] = [];
    compileJinja(env, `{% do __weir_native.append(${single[1]}) %}`, what).render({ ...context, __weir_native: captured });
    return typeof captured[0] === 'string' ? nativeValue(captured[0]) : captured[0];
  }
  return nativeValue(compileJinja(env, text, what).render(context).trim());
}

/** Python's literal_eval of a rendered value, for the literals configs hold: True/False/None, numbers. */
function nativeValue(text: string): unknown {
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (text === 'None') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

// dbt's add_rendered_test_kwargs: a string argument that looks like a call is an expression.
const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;

/**
 * The test's arguments as dbt renders them: `compare_model: ref('x')` becomes the Relation (the
 * expression's own value, as dbt's native rendering), other strings with Jinja are rendered.
 */
function renderArguments(env: Environment, value: unknown, context: Record<string, unknown>): Record<string, unknown> {
  const render = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (LOOKS_LIKE_CALL.test(v)) {
        const captured: unknown[] = [];
        compileJinja(env, `{% do __weir_argument.append(${v}) %}`, 'test argument').render({ ...context, __weir_argument: captured });
        return captured[0];
      }
      return /\{[{%]/.test(v) ? compileJinja(env, v, 'test argument').render(context) : v;
    }
    if (Array.isArray(v)) return v.map(render);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, render(x)]));
    }
    return v;
  };
  return render(value) as Record<string, unknown>;
}
