import type { RunHook, RunHooks } from './types.js';
import type { YamlFile } from './yaml-file.js';

type HookValue = string | readonly string[] | null | undefined;

/** on-run-start / on-run-end, each a string or a list, with the line of each hook. */
export function runHooksOf(yaml: YamlFile, file: { readonly 'on-run-start'?: HookValue; readonly 'on-run-end'?: HookValue }): RunHooks {
  const hooks = (key: 'on-run-start' | 'on-run-end'): RunHook[] => {
    const value = file[key];
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [{ sql: value, line: yaml.lineOf([key]) }];
    return value.map((sql, i) => ({ sql, line: yaml.lineOf([key, i]) }));
  };
  return { start: hooks('on-run-start'), end: hooks('on-run-end') };
}

