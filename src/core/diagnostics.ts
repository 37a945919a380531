/**
 * A diagnostic is a user mistake with a place: file, line, key path, and a hint on what to do.
 * Loading and compiling collect them and refuse to go on only at the end, so a person sees all of
 * their mistakes at once instead of one per run.
 */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Path relative to the project root (or absolute when outside it). */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Key path inside a config file: `models.shop.marts.+materialized`. */
  readonly key?: string;
  readonly hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const place = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}` : '';
  const key = d.key ? ` (at ${d.key})` : '';
  const head = `${d.severity === 'error' ? 'Error' : 'Warning'}${place ? ` in ${place}` : ''}${key}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** A warning as a log line: the console's own prefix already says `Warning:`, so the text starts at its place. */
export function warningLine(d: Diagnostic): string {
  return formatDiagnostic(d).replace(/^Warning in /, '');
}

/** Thrown once a stage has collected diagnostics it cannot go on with. */
export class DiagnosticsError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DiagnosticsError';
    this.diagnostics = diagnostics;
  }
}

export function errorsOnly(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** Throws when any error is among the diagnostics; warnings pass through. */
export function throwIfErrors(diagnostics: readonly Diagnostic[]): void {
  const errors = errorsOnly(diagnostics);
  if (errors.length > 0) throw new DiagnosticsError(errors);
}
