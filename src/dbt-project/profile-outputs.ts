import type { Diagnostic } from '../core/diagnostics.js';
import type { YamlFile } from '../project/yaml-file.js';

/**
 * A dbt output spelled as a weir target: dbt-postgres's `pass`/`dbname` are weir's `password`/
 * `database`, dbt-trino's `database` is weir's `catalog`; keys the dbt adapters read that weir does
 * not use are named and left out. Anything else goes through, so the adapter's schema names a typo
 * (see project/targets.ts).
 */
export function weirTarget(yaml: YamlFile, path: string[], output: Record<string, unknown>, diagnostics: Diagnostic[], chosen: boolean): Record<string, unknown> {
  const type = String(output.type);
  const ignored = IGNORED_KEYS[type] ?? {};
  const renamed = RENAMED_KEYS[type] ?? {};
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(output)) {
    const why = ignored[key] ?? (type === 'trino' && key.startsWith('starburst_') ? 'weir does not sync Starburst metadata; ignored' : undefined);
    if (why !== undefined) {
      if (why) diagnostics.push({ severity: 'warning', file: yaml.file, line: yaml.lineOf([...path, key]), key: [...path, key].join('.'), message: `${key}: ${why}` });
      continue;
    }
    result[renamed[key] ?? key] = value;
  }
  // As in dbt, only the chosen output is checked: another may hold keys of a machine it runs on.
  return type === 'trino' ? trinoMethod(yaml, path, result, chosen ? diagnostics : []) : result;
}

const TRINO_METHODS = ['none', 'ldap', 'jwt'];

/**
 * dbt-trino picks its credentials class by `method`: none (no password), ldap (basic auth, always
 * https) or jwt (a bearer token, always https). weir's Trino target says the same with the keys
 * present, so `method` is checked here and dropped.
 */
function trinoMethod(yaml: YamlFile, path: string[], target: Record<string, unknown>, diagnostics: Diagnostic[]): Record<string, unknown> {
  // dbt-trino takes the none credentials for a method it does not name, a null one included
  // (`method: "{{ env_var('TRINO_METHOD') }}"` set to none renders as null).
  const { method: given, ...rest } = target;
  const method = given ?? 'none';
  // An empty secret (`password: "{{ env_var('DBT_ENV_SECRET_TRINO_PASS') }}"` unset in CI) is no secret.
  for (const key of ['password', 'jwt'] as const) if (rest[key] === '' || rest[key] === null) delete rest[key];
  const at = (key: string) => ({ severity: 'error' as const, file: yaml.file, line: yaml.lineOf([...path, key]) ?? yaml.lineOf(path), key: [...path, key].join('.') });
  if (!TRINO_METHODS.includes(String(method))) {
    diagnostics.push({ ...at('method'), message: `method '${String(method)}' is not supported by weir's Trino target`, hint: `use method: ${TRINO_METHODS.join(', ')} (certificate, kerberos, oauth are not supported yet)` });
    return rest;
  }
  const needs = method === 'ldap' ? 'password' : method === 'jwt' ? 'jwt' : undefined;
  if (needs !== undefined && rest[needs] === undefined) {
    diagnostics.push({ ...at('method'), message: `method ${String(method)} needs ${needs === 'jwt' ? 'jwt_token' : 'password'}`, hint: `add ${needs === 'jwt' ? 'jwt_token' : 'password'}: "{{ env_var('DBT_ENV_SECRET_TRINO') }}"` });
  }
  if (method === 'none' && (rest.password !== undefined || rest.jwt !== undefined)) {
    diagnostics.push({ ...at(rest.password !== undefined ? 'password' : 'jwt_token'), message: 'method none sends no password or token', hint: 'set method: ldap (password) or method: jwt (jwt_token), as dbt-trino does' });
  }
  // dbt-trino's ldap and jwt credentials always speak https.
  if (needs !== undefined) rest.http_scheme ??= 'https';
  return rest;
}

const RENAMED_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  postgres: { pass: 'password', dbname: 'database' },
  trino: { database: 'catalog', jwt_token: 'jwt' },
};

/** Keys a dbt adapter accepts that weir leaves out, with what to tell the user ('' says nothing: no effect on what is built). */
const IGNORED_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  postgres: {
    retries: 'weir does not retry a failed connection; ignored',
    application_name: 'weir connects as application_name weir; ignored',
    sslcert: 'weir does not use client certificates yet; ignored',
    sslkey: 'weir does not use client certificates yet; ignored',
    sslrootcert: 'weir does not read a root certificate file yet; ignored',
  },
  duckdb: {
    database: '',
    external_root: 'weir does not support external materializations yet; ignored',
    filesystems: 'weir does not register fsspec filesystems; ignored',
    plugins: 'weir does not support dbt-duckdb plugins; ignored',
    secrets: 'weir does not create DuckDB secrets from the profile yet; ignored',
    module_paths: 'weir does not load Python modules; ignored',
    disable_transactions: '',
    keep_open: '',
    retries: 'weir does not retry; ignored',
  },
  trino: {
    retries: 'weir does not retry a failed request; ignored',
    prepared_statements_enabled: '',
    suppress_cert_warning: '',
  },
};
