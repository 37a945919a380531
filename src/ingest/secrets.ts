import { UsageError } from '../core/errors.js';

/**
 * `{{ env_var('NAME') }}` / `{{ env_var('NAME', 'default') }}` in ingest config strings, filled in
 * at run time. Every value that came from the environment is a secret: `redact` blanks it out of
 * any text before the text reaches a message, log, recording or artifact.
 */
const ENV_VAR = /\{\{\s*env_var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*\}\}/g;

export interface Secrets {
  render(text: string, where: string): string;
  redact(text: string): string;
}

export const REDACTED = '***';

export function createSecrets(env: NodeJS.ProcessEnv): Secrets {
  const values = new Set<string>();
  const redact = (text: string): string => {
    let out = text;
    // Longest first, so a secret that contains another is blanked whole.
    for (const value of [...values].sort((a, b) => b.length - a.length)) {
      out = out.split(value).join(REDACTED);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) out = out.split(encoded).join(REDACTED);
    }
    return out;
  };
  return {
    render(text, where) {
      return text.replace(ENV_VAR, (_m, _q1, name: string, _q2, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined) {
          // Very short values (e.g. "1") would blank unrelated text; they are not secrets anyway.
          if (found.length >= 3) values.add(found);
          return found;
        }
        if (fallback !== undefined) return fallback;
        throw new UsageError(`environment variable '${name}' used in ${where} is not set and has no default`, {
          hint: `export ${name}=... or write env_var('${name}', 'default')`,
        });
      });
    },
    redact,
  };
}
