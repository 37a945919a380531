/** What `flags` and `invocation_args_dict` say of the invocation (compile/context.ts's Invocation has it). */
interface Invocation {
  readonly which: string;
  readonly fullRefresh: boolean;
  readonly empty?: boolean;
  readonly storeFailures?: boolean;
}

/** dbt's `flags`: the invocation's options, in dbt's upper-case names. */
export function flagsOf(invocation: Invocation): Record<string, unknown> {
  return {
    FULL_REFRESH: invocation.fullRefresh, WHICH: invocation.which, STORE_FAILURES: invocation.storeFailures ?? false, WARN_ERROR: false, FAIL_FAST: false,
    DEBUG: false, USE_COLORS: false, PARTIAL_PARSE: true, SEND_ANONYMOUS_USAGE_STATS: false, INTROSPECT: true, EMPTY: invocation.empty ?? false,
  };
}

/**
 * dbt's `invocation_args_dict`: the flags in lower case, plus `vars` (dbt_artifacts records it).
 * Only what weir knows of the invocation; never the command line itself, which may hold secrets.
 */
export function invocationArgs(invocation: Invocation): Record<string, unknown> {
  const flags = Object.entries(flagsOf(invocation)).map(([name, value]) => [name.toLowerCase(), value]);
  return { ...Object.fromEntries(flags), vars: {} };
}

/** dbt's `dbt_metadata_envs`: the DBT_ENV_CUSTOM_ENV_* variables, by the rest of their name. */
export function metadataEnvs(env: NodeJS.ProcessEnv): Record<string, string> {
  const prefix = 'DBT_ENV_CUSTOM_ENV_';
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith(prefix) && v !== undefined).map(([k, v]) => [k.slice(prefix.length), v!]));
}
