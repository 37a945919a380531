import type { Logger } from '../core/logger.js';

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
}

/** Raised by `exceptions.raise_compiler_error()` and by misuse of the context functions. */
export class CompilerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompilerError';
  }
}

type Kwargs = Record<string, unknown> & { __keywords?: true };

/** nunjucks passes keyword arguments as a trailing object marked `__keywords`. */
export function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Kwargs } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as Kwargs).__keywords) {
    const { __keywords: _drop, ...kwargs } = last as Kwargs;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

export function buildContext(inputs: ContextInputs, hooks: TemplateHooks): Record<string, unknown> {
  const { file, vars, env, logger } = inputs;
  return {
    ref: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      if (positional.length === 0 || positional.length > 2 || positional.some((a) => typeof a !== 'string')) {
        throw new CompilerError("ref() takes a model name, or a project name and a model name: ref('stg_users')");
      }
      return positional.length === 2
        ? hooks.ref(positional[1] as string, positional[0] as string)
        : hooks.ref(positional[0] as string, undefined);
    },
    source: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      if (positional.length !== 2 || positional.some((a) => typeof a !== 'string')) {
        throw new CompilerError("source() takes a source name and a table name: source('shop', 'carts')");
      }
      return hooks.source(positional[0] as string, positional[1] as string);
    },
    config: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const fromDict = positional[0] && typeof positional[0] === 'object' ? (positional[0] as Kwargs) : {};
      hooks.config({ ...fromDict, ...kwargs });
      return '';
    },
    var: (name: unknown, ...rest: unknown[]) => {
      const key = String(name);
      if (Object.prototype.hasOwnProperty.call(vars, key)) return vars[key];
      if (rest.length > 0) return rest[0];
      throw new CompilerError(
        `Required var '${key}' is not defined: set it under 'vars:' in project.yml, pass --vars '{${key}: ...}', or give a default: var('${key}', ...)`,
      );
    },
    env_var: (name: unknown, ...rest: unknown[]) => {
      const key = String(name);
      const value = env[key];
      if (value !== undefined) return value;
      if (rest.length > 0) return rest[0];
      throw new CompilerError(`Environment variable '${key}' is not set and env_var() was given no default`);
    },
    is_incremental: () => hooks.isIncremental(),
    this: hooks.self,
    target: inputs.target,
    run_started_at: inputs.runStartedAt,
    log: (message: unknown, info?: unknown) => {
      if (inputs.emitLogs) {
        logger.log({ level: info ? 'info' : 'debug', code: 'template_log', message: String(message), data: { file } });
      }
      return '';
    },
    exceptions: {
      raise_compiler_error: (message: unknown) => {
        throw new CompilerError(String(message));
      },
      warn: (message: unknown) => {
        if (inputs.emitLogs) logger.log({ level: 'warn', code: 'template_warn', message: String(message), data: { file } });
        return '';
      },
    },
    modules: { datetime: { now: () => new Date().toISOString() } },
    tojson: (value: unknown) => JSON.stringify(value),
    fromjson: (value: unknown) => JSON.parse(String(value)),
  };
}
