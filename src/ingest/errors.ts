import { WeirError, type WeirErrorOptions } from '../core/errors.js';

/**
 * A load that could not finish: names the source table and what went wrong (URL with secrets
 * redacted, page or line, an excerpt). Nothing of the failed load is committed.
 */
export class IngestError extends WeirError {
  constructor(message: string, options: WeirErrorOptions = {}) {
    super(message, options);
    this.name = 'IngestError';
  }
}

/** At most `max` characters of a body, on one line, for error messages. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}
