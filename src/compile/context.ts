import type { LogEvent, Logger } from '../core/logger.js';
import { datetimeModule, dbtBuiltins, splitCall } from '../jinja/index.js';
import { newScope, statementFunctions, type DbtScope } from '../dbt-context/index.js';

/**
 * The names a model template sees, as a dbt user expects them. One builder serves both passes:
 * the parse pass records `config()`/`ref()`/`source()` calls, the render pass resolves them.
 */
export interface TemplateHooks {
  ref(name: string, packageName: string | undefined): unknown;
  source(sourceName: string, tableName: string): unknown;
  config(values: Record<string, unknown>): void;
  isIncremental(): boolean;
  readonly self: unknown;
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
  /** Set by the partial-parse cache: what the template reads besides its own text. */
  readonly reads?: TemplateReads | undefined;
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
  const { file, vars, env, reads } = inputs;
  const builtins = dbtBuiltins() as Record<string, unknown> & { modules: Record<string, unknown> };
  const scope = inputs.scope ?? newScope(inputs.execute ?? true, undefined);
  const { adapterExecute, ...statements } = statementFunctions(scope);
  const emit = (event: LogEvent) => {
    inputs.logger.log(event);
    reads?.logs.push(event);
  };
  return {
    ref: (...args: unknown[]) => {
      const { positional } = splitCall(args);
      if (positional.length === 0 || positional.length > 2 || positional.some((a) => typeof a !== 'string')) {
        throw new CompilerError("ref() takes a model name, or a project name and a model name: ref('stg_users')");
      }
      return positional.length === 2
        ? hooks.ref(positional[1] as string, positional[0] as string)
        : hooks.ref(positional[0] as string, undefined);
    },
    source: (...args: unknown[]) => {
      const { positional } = splitCall(args);
      if (positional.length !== 2 || positional.some((a) => typeof a !== 'string')) {
        throw new CompilerError("source() takes a source name and a table name: source('shop', 'carts')");
      }
      return hooks.source(positional[0] as string, positional[1] as string);
    },
    config: (...args: unknown[]) => {
      const { positional, kwargs } = splitCall(args);
      const fromDict = positional[0] && typeof positional[0] === 'object' ? (positional[0] as Kwargs) : {};
      hooks.config({ ...fromDict, ...kwargs });
      return '';
    },
    var: (name: unknown, ...rest: unknown[]) => {
      const key = String(name);
      const defined = Object.prototype.hasOwnProperty.call(vars, key);
      reads?.vars.set(key, defined ? vars[key] : undefined);
      if (defined) return vars[key];
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
    is_incremental: () => hooks.isIncremental(),
    this: hooks.self,
    target: reads ? volatileKeys(inputs.target, ['config'], reads) : inputs.target,
    run_started_at: typeof inputs.runStartedAt === 'object' && inputs.runStartedAt ? volatileValue(inputs.runStartedAt, reads) : inputs.runStartedAt,
    log: (message: unknown, info?: unknown) => {
      if (inputs.emitLogs) emit({ level: info ? 'info' : 'debug', code: 'template_log', message: String(message), data: { file } });
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
    adapter: { execute: adapterExecute },
    // dbt's `execute`: false while dbt parses (refs and config are being collected), true when it renders.
    execute: scope.execute,
    modules: { ...builtins.modules, datetime: volatileValue(datetimeModule(() => new Date()), reads) },
  };
}
