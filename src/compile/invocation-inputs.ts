import type { Invocation } from './context.js';
import { pyUtcDateTime } from './relation-value.js';

/** The parts of the compile options every template of one invocation reads alike. */
export interface InvocationOptions {
  readonly target: { readonly name: string; readonly type: string; readonly schema: string; readonly database?: string | undefined };
  readonly vars?: Readonly<Record<string, unknown>> | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly runStartedAt?: Date | undefined;
  readonly invocation?: Invocation | undefined;
  readonly quoteIdentifier?: ((name: string) => string) | undefined;
}

/**
 * What compile, execution-time renders and operations (run-operation, on-run-* hooks) all give a
 * template: vars, env, target, run_started_at, the invocation and quoting. One function, so the
 * three agree (and run_started_at is read once, not at every render).
 */
export function invocationInputs(project: { readonly name: string; readonly vars: Readonly<Record<string, unknown>> }, options: InvocationOptions) {
  return {
    vars: { ...project.vars, ...options.vars },
    env: options.env ?? process.env,
    target: { ...options.target, profile_name: project.name, target_name: options.target.name },
    runStartedAt: pyUtcDateTime(options.runStartedAt ?? new Date()),
    invocation: options.invocation,
    quoteIdentifier: options.quoteIdentifier,
  };
}
