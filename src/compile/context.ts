import type { Environment } from 'nunjucks';
import type { LogEvent, Logger } from '../core/logger.js';
import { compileJinja, createJinjaEnvironment, datetimeModule, dbtBuiltins, pythonStr, pythonTruthy, splitCall } from '../jinja/index.js';
import { flagsOf, invocationArgs, metadataEnvs } from './context-invocation.js';
import { adapterMethods, columnApi, lazyDict, listRelationsTable, newScope, relationApi, statementFunctions, type DbtScope } from '../dbt-context/index.js';

/**
 * The names a model template sees, as a dbt user expects them. One builder serves both passes:
 * the parse pass records `config()`/`ref()`/`source()` calls, the render pass resolves them.
 */
export interface TemplateHooks {
  /** `version`: dbt's `ref('m', v=2)` (or `version=2`). */
  ref(name: string, packageName: string | undefined, version?: unknown): unknown;
  source(sourceName: string, tableName: string): unknown;
  config(values: Record<string, unknown>): void;
  isIncremental(): boolean;
  readonly self: unknown;
  /** dbt's `model`: the node as a dict (see node-dict.ts). */
  readonly model?: Record<string, unknown> | undefined;
  /** `config.get(key)`: the node's config so far (while parsing) or resolved. */
  configValue?(key: string): unknown;
  /** While parsing, `config.require()` of a missing key is not yet an error (as in dbt). */
  readonly parsing?: boolean;
}

/** Facts about this invocation: `invocation_id`, `flags`, `dbt_version`. */
export interface Invocation {
  readonly id: string;
  /** The command (dbt's flags.WHICH): run, build, compile... */
  readonly which: string;
  readonly fullRefresh: boolean;
  readonly dbtVersion: string;
  /** `--empty` (dbt's flags.EMPTY). */
  readonly empty?: boolean;
  /** `--store-failures` (dbt's flags.STORE_FAILURES). */
  readonly storeFailures?: boolean;
  /** The root project's name: dbt's `project_name`, the same in a package's macros. */
  readonly projectName?: string;
}

export interface ContextInputs {
  readonly file: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  readonly target: Readonly<Record<string, unknown>>;
  readonly runStartedAt: unknown;
  readonly logger: Logger;
  /** When false, `log()` stays quiet (the parse pass; each message is logged once, at render). */
  readonly emitLogs: boolean;
  /** False in the parse pass, where dbt's `execute` is false too (default true). */
  readonly execute?: boolean;
  /** At execution: the warehouse and `load_result()`'s store (see dbt-context/); else one without a warehouse. */
  readonly scope?: DbtScope | undefined;
  readonly invocation?: Invocation | undefined;
  /** dbt's `graph`, built when a template first reads it. */
  readonly graph?: (() => Record<string, unknown>) | undefined;
  readonly quoteIdentifier?: ((name: string) => string) | undefined;
  /** Set by the partial-parse cache: what the template reads besides its own text. */
  readonly reads?: TemplateReads | undefined;
  /** `modules.datetime`'s now (a materialization's is fixed for the node: it is rendered again after each statement). */
  readonly clock?: (() => Date) | undefined;
  /** The caller's Jinja environment, which renders a var holding Jinja (else one of its own). */
  readonly jinjaEnv?: (() => Environment) | undefined;
  /** For a context built without the macros: adds those a var's Jinja `text` may call. */
  readonly varMacros?: ((context: Record<string, unknown>, text: string) => void) | undefined;
}

/**
 * What a template read that is not in its text, so a cached render is reused only while all of it
 * is unchanged. `volatile`: it read something that differs every run (`run_started_at`,
 * `modules.datetime`), so it is never cached.
 */
export interface TemplateReads {
  readonly vars: Map<string, unknown>;
  readonly env: Map<string, string | undefined>;
  volatile: boolean;
  /** `log()` and `exceptions.warn()` messages, replayed when the render is reused. */
  readonly logs: LogEvent[];
}

export function newReads(): TemplateReads {
  return { vars: new Map(), env: new Map(), volatile: false, logs: [] };
}

/** `value`, but touching it in any way marks the reads volatile. */
function volatileValue<T extends object>(value: T, reads: TemplateReads | undefined): T {
  if (!reads) return value;
  return new Proxy(value, {
    get(target, key) {
      reads.volatile = true;
      const found = Reflect.get(target, key, target) as unknown;
      // A function with attributes (datetime.datetime.now) is a namespace: returned as it is.
      return typeof found === 'function' && Object.keys(found).length === 0 ? found.bind(target) : found;
    },
  });
}

/** Raised by `exceptions.raise_compiler_error()` and by misuse of the context functions. */
export class CompilerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompilerError';
  }
}

/**
 * Whether a render failed because the template raised it (`exceptions.raise_compiler_error`), as
 * nunjucks passes it on: by the error's name in its message.
 */
export function raisedByTemplate(error: unknown): boolean {
  return error instanceof Error && /\bCompilerError: /.test(error.message);
}

type Kwargs = Record<string, unknown>;

/** `value`, but reading one of `keys` marks the reads volatile. */
function volatileKeys<T extends object>(value: T, keys: readonly string[], reads: TemplateReads): T {
  return new Proxy(value, {
    get(target, key) {
      if (typeof key === 'string' && keys.includes(key)) reads.volatile = true;
      return Reflect.get(target, key, target) as unknown;
    },
  });
}

export function buildContext(inputs: ContextInputs, hooks: TemplateHooks): Record<string, unknown> {
  let context: Record<string, unknown> | undefined;
  const calls = templateCalls(inputs, hooks, () => context);
  return (context = wholeContext(inputs, hooks, calls));
}

function wholeContext(inputs: ContextInputs, hooks: TemplateHooks, calls: ReturnType<typeof templateCalls>): Record<string, unknown> {
  const { file, reads } = inputs;
  const builtins = dbtBuiltins() as Record<string, unknown> & { modules: Record<string, unknown> };
  const scope = inputs.scope ?? newScope(inputs.execute ?? true, undefined);
  const { adapterExecute, ...statements } = statementFunctions(scope);
  const quoteIdentifier = inputs.quoteIdentifier ?? ((name: string) => `"${name.replace(/"/g, '""')}"`);
  const invocation = inputs.invocation ?? { id: '00000000-0000-0000-0000-000000000000', which: 'compile', fullRefresh: false, dbtVersion: '1.10.15' };
  const adapter = adapterMethods(scope, quoteIdentifier, String(inputs.target.type ?? 'default'), adapterExecute as (...args: unknown[]) => unknown);
  const emit = (event: LogEvent) => {
    inputs.logger.log(event);
    reads?.logs.push(event);
  };
  return {
    ...calls,
    is_incremental: () => hooks.isIncremental(),
    this: hooks.self,
    target: reads ? volatileKeys(inputs.target, ['config'], reads) : inputs.target,
    run_started_at: typeof inputs.runStartedAt === 'object' && inputs.runStartedAt ? volatileValue(inputs.runStartedAt, reads) : inputs.runStartedAt,
    log: (...args: unknown[]) => {
      // log(msg, info=False) passes its keyword as an object, which is truthy.
      const { positional, kwargs } = splitCall(args);
      const info = pythonTruthy(kwargs.info ?? positional[1] ?? false);
      if (inputs.emitLogs) emit({ level: info ? 'info' : 'debug', code: 'template_log', message: String(positional[0] ?? kwargs.msg), data: { file } });
      return '';
    },
    // dbt's print(): to the console, as a log line here (once, at render).
    print: (message: unknown) => {
      if (inputs.emitLogs) emit({ level: 'info', code: 'template_log', message: pythonStr(message), data: { file } });
      return '';
    },
    exceptions: {
      raise_compiler_error: (message: unknown) => {
        throw new CompilerError(String(message));
      },
      warn: (message: unknown) => {
        if (inputs.emitLogs) emit({ level: 'warn', code: 'template_warn', message: String(message), data: { file } });
        return '';
      },
    },
    ...builtins,
    ...statements,
    adapter,
    load_relation: (relation: { schema?: unknown; identifier?: unknown } | null) =>
      relation ? (adapter as unknown as Record<string, (...a: unknown[]) => unknown>).get_relation!(null, relation.schema, relation.identifier) : null,
    list_relations_without_caching: listRelationsTable(adapter as unknown as Record<string, (...a: unknown[]) => unknown>),
    api: { Relation: relationApi(quoteIdentifier), Column: columnApi(quoteIdentifier, String(inputs.target.type ?? 'default')) },
    // model, graph and config.get read more than the cache keys a render by: a template reading them is never cached.
    model: reads ? volatileValue(hooks.model ?? {}, reads) : hooks.model ?? {},
    graph: lazyDict(() => {
      if (reads) reads.volatile = true;
      return inputs.graph?.() ?? { nodes: {}, sources: {}, exposures: {}, metrics: {}, groups: {}, semantic_models: {}, saved_queries: {} };
    }),
    // Differs every run: compile-project keeps renders that may read it out of the cache (READS_INVOCATION).
    invocation_id: invocation.id,
    project_name: invocation.projectName ?? '',
    dbt_version: invocation.dbtVersion,
    flags: reads ? volatileValue(flagsOf(invocation), reads) : flagsOf(invocation),
    invocation_args_dict: reads ? volatileValue(invocationArgs(invocation), reads) : invocationArgs(invocation),
    // Lazy: reading the whole environment costs ~0.06 ms, paid by every node's context otherwise (1.3 s at 10,000 models).
    dbt_metadata_envs: lazyDict(() => metadataEnvs(inputs.env)),
    // dbt's `execute`: false while dbt parses (refs and config are being collected), true when it renders.
    execute: scope.execute,
    modules: { ...builtins.modules, datetime: volatileValue(datetimeModule(inputs.clock ?? (() => new Date())), reads) },
  };
}

/**
 * `ref`, `source`, `config`, `var` and `env_var`: all a static template (see static-template.ts) calls.
 * `full`: the whole context, which renders a var holding Jinja (undefined while it is being built).
 */
function templateCalls(inputs: ContextInputs, hooks: TemplateHooks, full: () => Record<string, unknown> | undefined) {
  const { file, vars, env, reads } = inputs;
  // dbt renders a var whose value is a string holding Jinja (`"{{ 500 if target.type == 'x' else 10000 }}"`) when var()
  // reads it, with the node's whole context: its macros too (`"{{ my_macro() }}"`).
  let varEnv: Environment | undefined;
  const rendering = new Set<string>();
  const varValue = (key: string, value: unknown): unknown => {
    if (typeof value !== 'string' || !/\{[{%]/.test(value) || rendering.has(key)) return value;
    const context = full();
    if (!context) return value;
    rendering.add(key);
    try {
      inputs.varMacros?.(context, value);
      return compileJinja((varEnv ??= inputs.jinjaEnv?.() ?? createJinjaEnvironment()), value, `var '${key}'`).render(context);
    } finally {
      rendering.delete(key);
    }
  };
  return {
    ref: (...args: unknown[]) => {
      const { positional, kwargs } = splitCall(args);
      if (positional.length === 0 || positional.length > 2 || positional.some((a) => typeof a !== 'string')) {
        throw new CompilerError("ref() takes a model name, or a project name and a model name: ref('stg_users')");
      }
      const version = kwargs.v ?? kwargs.version;
      return positional.length === 2
        ? hooks.ref(positional[1] as string, positional[0] as string, version)
        : hooks.ref(positional[0] as string, undefined, version);
    },
    source: (...args: unknown[]) => {
      const { positional } = splitCall(args);
      if (positional.length !== 2 || positional.some((a) => typeof a !== 'string')) {
        throw new CompilerError("source() takes a source name and a table name: source('shop', 'carts')");
      }
      return hooks.source(positional[0] as string, positional[1] as string);
    },
    config: configObject(hooks, file, reads),
    var: (name: unknown, ...rest: unknown[]) => {
      const key = String(name);
      const defined = Object.prototype.hasOwnProperty.call(vars, key);
      reads?.vars.set(key, defined ? vars[key] : undefined);
      if (defined) return varValue(key, vars[key]);
      if (rest.length > 0) return rest[0];
      throw new CompilerError(
        `Required var '${key}' is not defined: set it under 'vars:' in project.yml, pass --vars '{${key}: ...}', or give a default: var('${key}', ...)`,
      );
    },
    env_var: (name: unknown, ...rest: unknown[]) => {
      const key = String(name);
      const value = env[key];
      reads?.env.set(key, value);
      if (value !== undefined) return value;
      if (rest.length > 0) return rest[0];
      throw new CompilerError(`Environment variable '${key}' is not set and env_var() was given no default`);
    },
  };
}

/**
 * The context of a static template (PreparedTemplate.isStatic): the calls it can make and `this`, with
 * the rest built only if a var's Jinja needs it. Building the whole context for each of 10,000 such
 * templates, twice, was a tenth of a cold compile.
 */
export function staticContext(inputs: ContextInputs, hooks: TemplateHooks): Record<string, unknown> {
  let context: Record<string, unknown> | undefined;
  const calls = templateCalls(inputs, hooks, () => (context ??= wholeContext(inputs, hooks, calls)));
  return { ...calls, this: hooks.self };
}

/** dbt's `config`: `config(...)` sets, `config.get(key, default)` reads, `config.require(key)` insists. */
function configObject(hooks: TemplateHooks, file: string, reads: TemplateReads | undefined) {
  const set = (...args: unknown[]) => {
    const { positional, kwargs } = splitCall(args);
    const fromDict = positional[0] && typeof positional[0] === 'object' ? (positional[0] as Kwargs) : {};
    hooks.config({ ...fromDict, ...kwargs });
    return '';
  };
  const value = (key: unknown) => {
    if (reads) reads.volatile = true;
    return hooks.configValue?.(String(key).replace(/-/g, '_'));
  };
  return Object.assign(set, {
    // dbt's config.set(name, value), as `set_sql_header` calls it.
    set: (name: unknown, value: unknown) => set({ [String(name)]: value }),
    get: (...args: unknown[]) => {
      const { positional, kwargs } = splitCall(args);
      const found = value(positional[0] ?? kwargs.name);
      return found === undefined || found === null ? (positional[1] ?? kwargs.default ?? null) : found;
    },
    require: (name: unknown) => {
      const found = value(name);
      if (found !== undefined && found !== null) return found;
      if (hooks.parsing) return '';
      throw new CompilerError(`config '${String(name)}' is required by ${file} but is not set: set it with {{ config(${String(name)}=...) }}, in the properties file or under models: in the project file`);
    },
  });
}

/** Templates whose text names it read the run's id (or flags), so their render is never cached. */
export const READS_INVOCATION = /\binvocation_id\b/;
