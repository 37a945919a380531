import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { DiagnosticsError, throwIfErrors } from '../core/diagnostics.js';
import { closestNames } from '../core/closest.js';
import { parseYaml, type YamlFile } from '../project/yaml-file.js';
import { renderYmlValue } from './render-yml.js';
import { weirTarget } from './profile-outputs.js';
import { profileDirs } from './profile-dirs.js';

export { profileDirs };

export const PROFILES_FILE = 'profiles.yml';

export interface ProfileTargets {
  /** profiles.yml as a person sees it: relative to the project when inside it. */
  readonly file: string;
  readonly profile: string;
  readonly defaultTarget: string;
  /** Each output as a weir target entry; the chosen one rendered (env_var, var), the others as written. */
  readonly targets: Record<string, Record<string, unknown>>;
  readonly lines: Record<string, number | undefined>;
}

export interface ProfileOptions {
  readonly root: string;
  /** `--profiles-dir`. */
  readonly profilesDir?: string | undefined;
  readonly target?: string | undefined;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Finds profiles.yml as dbt does and turns the project's profile into weir targets. Returns
 * undefined when there is no profiles.yml anywhere (weir then builds into a local DuckDB file).
 */
export function readProfile(profile: string, options: ProfileOptions, diagnostics: Diagnostic[]): ProfileTargets | undefined {
  const dirs = profileDirs(options);
  const dir = dirs.find((d) => existsSync(join(d, PROFILES_FILE)));
  if (dir === undefined) {
    if (options.profilesDir !== undefined || options.env.DBT_PROFILES_DIR) {
      throw new DiagnosticsError([{
        severity: 'error', message: `No ${PROFILES_FILE} in ${dirs[0]} (from ${options.profilesDir !== undefined ? '--profiles-dir' : 'DBT_PROFILES_DIR'})`,
        hint: `put a ${PROFILES_FILE} with a '${profile}' profile there, or point to the folder that has one`,
      }]);
    }
    return undefined;
  }
  const absolute = join(dir, PROFILES_FILE);
  const rel = relative(options.root, absolute);
  const file = rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
  const parsed = parseYaml(readFileSync(absolute, 'utf8'), file);
  diagnostics.push(...parsed.diagnostics);
  throwIfErrors(diagnostics);
  const yaml = parsed.yaml!;
  const all = (yaml.value ?? {}) as Record<string, unknown>;
  const entry = all[profile];
  if (!isMapping(entry)) {
    const names = Object.keys(all).filter((k) => k !== 'config');
    const close = closestNames(profile, names, 1);
    throw new DiagnosticsError([{
      severity: 'error', file, message: `profile '${profile}' (named by dbt_project.yml) is not in ${file}`,
      hint: `${close.length ? `did you mean '${close[0]}'? ` : ''}profiles there: ${names.join(', ') || '(none)'}; add it or set 'profile:' in dbt_project.yml`,
    }]);
  }
  const outputs = entry.outputs;
  if (!isMapping(outputs) || Object.keys(outputs).length === 0) {
    throw new DiagnosticsError([{ severity: 'error', file, line: yaml.lineOf([profile]), key: profile, message: `profile '${profile}' has no outputs`, hint: 'add outputs: {dev: {type: duckdb, path: dev.duckdb}}' }]);
  }
  const context = { vars: options.vars, env: options.env, target: {} };
  const defaultTarget = String(options.env.DBT_TARGET ?? renderYmlValue(yaml, entry.target ?? 'default', [profile, 'target'], context, diagnostics));
  const chosen = options.target ?? defaultTarget;
  const targets: Record<string, Record<string, unknown>> = {};
  const lines: Record<string, number | undefined> = {};
  for (const [name, output] of Object.entries(outputs)) {
    const path = [profile, 'outputs', name];
    lines[name] = yaml.lineOf(path);
    if (!isMapping(output)) {
      diagnostics.push({ severity: 'error', file, line: lines[name], key: path.join('.'), message: 'an output must be a mapping (type, and its connection keys)' });
      continue;
    }
    const values = name === chosen ? (renderYmlValue(yaml, output, path, context, diagnostics) as Record<string, unknown>) : output;
    targets[name] = weirTarget(yaml, path, values, diagnostics, name === chosen);
  }
  throwIfErrors(diagnostics);
  return { file, profile, defaultTarget, targets, lines };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
