import { UsageError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/**
 * `{{ env_var('NAME') }}` / `{{ env_var('NAME', 'default') }}` in ingest config strings, filled in
 * at run time. Every value that came from the environment is a secret: `redact` blanks it out of
 * any text, in every encoding a server or weir itself may have written it in, before the text
 * reaches a message, log, recording or artifact.
 */
const ENV_VAR = /\{\{\s*env_var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*\}\}/g;

export interface Secrets {
  render(text: string, where: string): string;
  /** Adds a value derived from secrets (a basic-auth token) to what is redacted. */
  add(value: string): void;
  redact(text: string): string;
  /** Whether the text holds a secret in any encoding. */
  holds(text: string): boolean;
}

export const REDACTED = '***';

export function createSecrets(env: NodeJS.ProcessEnv): Secrets {
  const values = new Set<string>();
  let pattern: RegExp | undefined;
  const matcher = (): RegExp | undefined => {
    if (pattern || values.size === 0) return pattern;
    const forms = new Set<string>();
    for (const value of values) for (const form of encodingsOf(value)) forms.add(form);
    // Longest first, so a secret that contains another (or an encoding longer than the raw form) is blanked whole.
    const sorted = [...forms].sort((a, b) => b.length - a.length).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(sorted.join('|'), 'g');
    return pattern;
  };
  const add = (value: string) => {
    // Very short values (e.g. "1") would blank unrelated text; they are not secrets anyway.
    if (value.length < 3 || values.has(value)) return;
    values.add(value);
    pattern = undefined;
  };
  return {
    render(text, where) {
      return text.replace(ENV_VAR, (_m, _q1, name: string, _q2, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined) {
          add(found);
          return found;
        }
        if (fallback !== undefined) return fallback;
        throw new UsageError(`environment variable '${name}' used in ${where} is not set and has no default`, {
          hint: `export ${name}=... or write env_var('${name}', 'default')`,
        });
      });
    },
    add,
    redact(text) {
      const re = matcher();
      return re ? text.replace(re, REDACTED) : text;
    },
    holds(text) {
      const re = matcher();
      if (!re) return false;
      re.lastIndex = 0;
      const found = re.test(text);
      re.lastIndex = 0;
      return found;
    },
  };
}

/**
 * The ways a value may be written: raw; percent-encoded as encodeURIComponent, encodeURI, a URL's
 * query or path, and form encoding (space as `+` or `%20`), each with upper- or lower-case hex;
 * JSON-escaped (as JavaScript writes it, with `\uXXXX` for non-ASCII as Python does, and with `\/`
 * as PHP does); and base64.
 */
export function encodingsOf(value: string): string[] {
  const QUERY = /[\u0000-\u0020"#<>'\u007f-\uffff]/gu; // what a URL's query encodes (special schemes)
  const PATH = /[\u0000-\u0020"#<>?`{}\u007f-\uffff]/gu; // what a URL's path encodes
  const encoded = [
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    new URLSearchParams([['', value]]).toString().slice(1),
    new URLSearchParams([['', value]]).toString().slice(1).replace(/\+/g, '%20'),
    encodeURI(value),
  ];
  // Each as it reads again after a URL parser has normalised it (an encodeURIComponent'd key in a Link header).
  const percent = [...encoded, ...[value, ...encoded].flatMap((e) => [percentEncode(e, QUERY), percentEncode(e, PATH)])];
  const lower = percent.map((p) => p.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  const json = JSON.stringify(value).slice(1, -1);
  const asciiJson = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const forms = [value, ...percent, ...lower, json, asciiJson, json.replace(/\//g, '\\/'), asciiJson.replace(/\//g, '\\/'),
    Buffer.from(value).toString('base64')];
  return [...new Set(forms)].filter((f) => f.length >= 3);
}

function percentEncode(value: string, set: RegExp): string {
  return value.replace(set, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

/** A logger that redacts every event's message and data before passing it on. */
export function redactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  return {
    log(event) {
      const data = event.data === undefined ? undefined : redactValue(event.data, redact) as Record<string, unknown>;
      logger.log({ ...event, message: redact(event.message), ...(data ? { data } : {}) });
    },
  };
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, redact)]));
}

/**
 * The error with every secret redacted from its message, hint, SQL and stack, and its cause (a
 * network library's error, which may quote a URL) dropped: what reaches the console and run_results.
 */
export function redactError(error: unknown, redact: (text: string) => string): unknown {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const fields = error as unknown as Record<string, unknown>;
  for (const key of ['message', 'hint', 'sql', 'stack']) {
    if (typeof fields[key] === 'string') Object.defineProperty(error, key, { value: redact(fields[key] as string), writable: true, configurable: true });
  }
  if ('cause' in error) delete (error as { cause?: unknown }).cause;
  return error;
}
