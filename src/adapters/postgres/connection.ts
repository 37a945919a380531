import type { ClientConfig } from 'pg';
import { statementTimeoutMs, type PostgresTarget } from './config.js';

export interface ConnectionSettings {
  readonly client: ClientConfig;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** Strings that must never be shown: the password, wherever it came from. */
  readonly secrets: readonly string[];
}

/**
 * The one trust boundary: target config -> driver settings. Explicit keys win over the url's parts.
 * Dead clients are noticed by the server (`client_connection_check_interval`), so a killed weir
 * never leaves a query running or a transaction open.
 */
export function connectionSettings(config: PostgresTarget): ConnectionSettings {
  const url = config.url ? parseUrl(config.url) : {};
  const host = config.host ?? url.host ?? '127.0.0.1';
  const port = config.port ?? url.port ?? 5432;
  const user = config.user ?? url.user ?? 'postgres';
  const database = config.database ?? url.database ?? user;
  const password = config.password ?? url.password;
  const timeout = statementTimeoutMs(config.statement_timeout);
  const client: ClientConfig = {
    host,
    port,
    user,
    database,
    ...(password !== undefined ? { password } : {}),
    connectionTimeoutMillis: config.connect_timeout * 1000,
    application_name: 'weir',
    ...(timeout !== undefined ? { statement_timeout: timeout } : {}),
    ...sslSettings(config.sslmode),
    ...(config.keepalives_idle !== undefined ? { keepAlive: true, keepAliveInitialDelayMillis: config.keepalives_idle * 1000 } : {}),
    options: [
      '-c client_connection_check_interval=1000',
      ...(config.search_path !== undefined ? [`-c search_path=${startupValue(config.search_path)}`] : []),
      ...(config.role !== undefined ? [`-c role=${startupValue(config.role)}`] : []),
    ].join(' '),
  };
  return { client, host, port, user, database, secrets: password ? [password, encodeURIComponent(password)] : [] };
}

function sslSettings(mode: PostgresTarget['sslmode']): Pick<ClientConfig, 'ssl'> {
  if (mode === 'disable' || mode === 'allow' || mode === 'prefer') return {};
  if (mode === 'require') return { ssl: { rejectUnauthorized: false } };
  // verify-ca: the chain must be trusted, whatever name the certificate gives.
  return { ssl: mode === 'verify-ca' ? { rejectUnauthorized: true, checkServerIdentity: () => undefined } : { rejectUnauthorized: true } };
}

/** A value in the startup packet's `options`, where spaces and backslashes are escaped. */
function startupValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/ /g, '\\ ');
}

function parseUrl(text: string): { host?: string; port?: number; user?: string; password?: string; database?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Never echo the url: it may hold a password.
    throw new Error("the postgres target's url is not a valid URL (expected postgres://user:password@host:5432/database)");
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`the postgres target's url must start with postgres:// (it starts with ${url.protocol}//)`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    ...(url.hostname ? { host: decodeURIComponent(url.hostname) } : {}),
    ...(url.port ? { port: Number(url.port) } : {}),
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(database ? { database } : {}),
  };
}

/** Removes every secret from a text (messages, SQL) before it is shown or written. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}
