/**
 * The environment as the caches key it: sorted, without the shell's own bookkeeping. `_` is the
 * command that started weir (`/usr/bin/time`, `node`...), so `time weir compile` after `weir compile`
 * would otherwise look like a changed environment; OLDPWD and SHLVL change with every `cd` and subshell.
 */
const SHELL_NOISE = new Set(['_', 'OLDPWD', 'SHLVL']);

export function envForKey(env: NodeJS.ProcessEnv): Array<[string, string | undefined]> {
  return Object.entries(env).filter(([name]) => !SHELL_NOISE.has(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
