import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WeirError } from '../core/errors.js';

const run = promisify(execFile);

/** The parts of a failure a person can act on: the host, and whether the machine looked offline. */
const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT']);
const GIT_OFFLINE = /Could not resolve host|unable to access|Failed to connect|Connection refused|Network is unreachable|Connection timed out|Could not read from remote/i;

const OFFLINE_HINT = 'weir deps needs the network for dbt Hub, git and tarball packages, and this host could not be reached (offline?). '
  + 'Packages already installed in the packages folder keep working: weir build never needs the network. '
  + 'For a package you have on disk, write - local: <path> in packages.yml';

/** A failure while fetching a package, with what to do about it. */
export class PackageFetchError extends WeirError {
  constructor(message: string, hint: string, cause?: unknown) {
    super(message, { hint, cause });
    this.name = 'PackageFetchError';
  }
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
};

/** GETs a URL (dbt Hub's index, a tarball); an unreachable host is said to be one. */
export async function httpGet(url: string, what: string, timeoutMs = 30_000): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? (error as { name?: string }).name;
    const offline = code !== undefined && (OFFLINE_CODES.has(code) || code === 'TimeoutError');
    throw new PackageFetchError(`could not download ${what}: ${hostOf(url)} could not be reached${code ? ` (${code})` : ''}`,
      offline ? OFFLINE_HINT : `check the URL ${url}`, error);
  }
  if (!response.ok) {
    throw new PackageFetchError(`could not download ${what}: ${url} answered HTTP ${response.status}`,
      response.status === 404 ? 'check the name and the URL: nothing is published there' : 'try again later, or check the URL');
  }
  return Buffer.from(await response.arrayBuffer());
}

/** Runs git; a failure is explained in git's words plus what to do. */
export async function git(args: readonly string[], cwd: string | undefined, what: string): Promise<string> {
  try {
    const { stdout } = await run('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return stdout.trim();
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') throw new PackageFetchError(`could not fetch ${what}: git is not installed`, 'install git, or use a tarball: or local: package');
    const said = (e.stderr ?? e.message).trim().split('\n').filter(Boolean).slice(-2).join('; ');
    throw new PackageFetchError(`could not fetch ${what}: git says: ${said}`, GIT_OFFLINE.test(said) ? OFFLINE_HINT : 'check the git URL and revision', error);
  }
}
