/** weir's Jinja dialect: Jinja2's grammar and Python's semantics on the nunjucks engine (see environment.ts). */
export { compileJinja, createJinjaEnvironment, jinjaSource } from './environment.js';
export { bind, splitCall, keywords, isKeywords } from './arguments.js';
export { JinjaError, MacroReturn } from './errors.js';
export { pythonJson } from './json.js';
export { str as pythonStr, repr as pythonRepr, truthy as pythonTruthy, tuple, MAPPING_VIEW, float as pythonFloat } from './values.js';
export { dbtBuiltins } from './dbt-builtins.js';
export { datetimeModule, PyDateTime, fromDate as pythonDateTime } from './datetime.js';
export { pythonTimezone } from './timezones.js';
