/** An error in a template's terms (Jinja2's messages where it has one): the template layer adds file and line. */
export class JinjaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JinjaError';
  }
}

/**
 * dbt's `return(value)`: ends the macro being called, which then returns `value`. An Error, so that
 * one thrown outside any macro still reads well.
 */
export class MacroReturn extends Error {
  readonly value: unknown;
  constructor(value: unknown) {
    // Thrown on every return() of every macro call: a stack trace is never read and cost ~60 µs each.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super('return() was called outside of a macro');
    Error.stackTraceLimit = limit;
    this.value = value;
    this.name = 'JinjaError';
  }
}
