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
  constructor(readonly value: unknown) {
    super('return() was called outside of a macro');
    this.name = 'JinjaError';
  }
}
