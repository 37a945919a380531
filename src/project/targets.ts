import type { Diagnostic } from '../core/diagnostics.js';
import { DiagnosticsError } from '../core/diagnostics.js';
import { UsageError } from '../core/errors.js';
import { closestNames } from '../core/closest.js';
import { ADAPTERS, adapterTypes } from '../adapters/registry.js';
import type { Project } from './types.js';

export interface ResolvedTarget {
  readonly name: string;
  readonly type: string;
  readonly schema: string;
  readonly threads: number | undefined;
  /** The database it builds into (dbt's `target.database`). */
  readonly database: string;
  /** Validated by the adapter's schema; may hold secrets, so never log it. */
  readonly config: Readonly<Record<string, unknown>>;
}

const ENV_VAR = /\{\{\s*env_var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*\}\}/g;

/**
 * Picks a target from project.yml, fills in `{{ env_var('X', 'default') }}` in its values and
 * validates it with its adapter's schema. Mistakes name project.yml, the key and what to do.
 */
export function resolveTarget(
  project: Pick<Project, 'targets' | 'defaultTarget' | 'targetsFile' | 'targetsKey' | 'targetLines'>,
  requested: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedTarget {
  const name = requested ?? project.defaultTarget;
  const raw = project.targets[name];
  const available = Object.keys(project.targets);
  if (!raw) {
    const close = closestNames(name, available, 1);
    throw new UsageError(`Target '${name}' is not defined in ${project.targetsFile}.`, {
      hint: `${close.length ? `did you mean '${close[0]}'? ` : ''}defined targets: ${available.join(', ') || '(none)'}; add it under '${project.targetsKey}:' or pass --target <name>`,
    });
  }
  const diagnostics: Diagnostic[] = [];
  const line = project.targetLines[name];
  const place = { file: project.targetsFile, line };
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    rendered[key] = typeof value === 'string' ? renderEnvVars(value, env, (variable) => {
      diagnostics.push({
        severity: 'error',
        ...place,
        key: `${project.targetsKey}.${name}.${key}`,
        message: `environment variable '${variable}' is not set and has no default`,
        hint: `export ${variable}=... or write env_var('${variable}', 'default')`,
      });
    }) : value;
  }
  const type = String(rendered.type ?? '');
  const entry = ADAPTERS[type];
  if (!entry) {
    diagnostics.push({
      severity: 'error',
      ...place,
      key: `${project.targetsKey}.${name}.type`,
      message: rendered.type === undefined ? 'a target needs a type' : `unsupported target type '${type}'`,
      hint: `supported types: ${adapterTypes().join(', ')}`,
    });
    throw new DiagnosticsError(diagnostics);
  }
  const parsed = entry.configSchema.safeParse(rendered);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')];
      for (const key of keys) {
        diagnostics.push({
          severity: 'error',
          ...place,
          key: `${project.targetsKey}.${name}${key ? `.${key}` : ''}`,
          message: issue.code === 'unrecognized_keys' ? `unknown key '${key}' for a ${type} target` : issue.message,
        });
      }
    }
  }
  if (diagnostics.length > 0) throw new DiagnosticsError(diagnostics);
  const config = parsed.data as { type: string; schema: string; threads?: number };
  return { name, type, schema: config.schema, threads: config.threads, database: entry.databaseName(config as Record<string, unknown>), config: config as Record<string, unknown> };
}

function renderEnvVars(value: string, env: NodeJS.ProcessEnv, missing: (name: string) => void): string {
  return value.replace(ENV_VAR, (_match, _q1, variable: string, _q2, fallback: string | undefined) => {
    const found = env[variable];
    if (found !== undefined) return found;
    if (fallback !== undefined) return fallback;
    missing(variable);
    return '';
  });
}
