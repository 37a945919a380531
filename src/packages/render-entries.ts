import type { Diagnostic } from '../core/diagnostics.js';
import { compileJinja, createJinjaEnvironment, JinjaError } from '../jinja/index.js';
import type { YamlFile } from '../project/yaml-file.js';

/**
 * dbt renders packages.yml (and dependencies.yml, and the lock's entries) before reading it, with
 * `env_var()` and the command line's `var()` only, so a private repository's token can come from the
 * environment: `git: "https://{{ env_var('DBT_ENV_SECRET_GIT_CREDENTIAL') }}@github.com/org/repo.git"`.
 */
export type PackageRender = (text: string) => string;

export function packageRenderer(env: NodeJS.ProcessEnv, vars: Readonly<Record<string, unknown>> = {}): PackageRender {
  let jinja: ReturnType<typeof createJinjaEnvironment> | undefined;
  const context = {
    env_var: (name: unknown, fallback?: unknown) => {
      const value = env[String(name)];
      if (value !== undefined) return value;
      if (fallback !== undefined) return String(fallback);
      throw new JinjaError(`env var '${String(name)}' is not set and env_var() was given no default`);
    },
    var: (name: unknown, fallback?: unknown) => {
      const key = String(name);
      if (Object.prototype.hasOwnProperty.call(vars, key)) return vars[key];
      if (fallback !== undefined) return fallback;
      throw new JinjaError(`var '${key}' is not defined: packages.yml sees only --vars`);
    },
  };
  return (text) => (/\{[{%]/.test(text) ? compileJinja((jinja ??= createJinjaEnvironment()), text, 'packages.yml').render(context) : text);
}

/** Each string of a parsed packages file, rendered; a failure names the file and line of the entry. */
export function renderEntries(yaml: YamlFile, render: PackageRender, diagnostics: Diagnostic[]): unknown {
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      try {
        return render(value);
      } catch (error) {
        const said = (error instanceof Error ? error.message : String(error)).replace(/^\([^)]*\)( \[Line \d+, Column \d+\])?\s*/, '').replace(/^\w*Error: /, '').trim();
        diagnostics.push({ severity: 'error', file: yaml.file, line: yaml.lineOf(path), message: `cannot render ${JSON.stringify(value)}: ${said}`, hint: 'packages.yml may use {{ env_var("NAME") }} and {{ var("name") }} (from --vars), as in dbt' });
        return value;
      }
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    return value;
  };
  return walk(yaml.value, []);
}
