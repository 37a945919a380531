import { expect, it } from 'vitest';
import { templateDiagnostic } from '../../src/compile/template.js';
import { compileJinja, createJinjaEnvironment, datetimeModule, dbtBuiltins } from '../../src/jinja/index.js';
import { describeJinja2, renderWithJinja2 } from '../helpers/jinja2.js';
import { corpusContext, corpusTemplates } from './corpus.js';

/** Words of JavaScript's, not Jinja's: an error that shows one of them does not tell a dbt user what is wrong. */
const JS_INTERNALS = /TypeError|ReferenceError|Cannot read propert|is not a function|undefined or falsey|\[object |\w\["|NaN|compile\w*:|parse\w*:|assertType|runtime\./;

/**
 * Templates weir rejects that Jinja2 renders, each with a clear error. The list is the work left:
 * fixing one moves it out (the test fails while it is listed but renders the same).
 */
const REJECTED: readonly string[] = [
  // weir prints an undefined value as an error (a misspelt name), where Jinja2 prints ''.
  'for-loop-previtem',
  // Python finds \N{name} in its Unicode database, which JavaScript lacks: a syntax error says so.
  "expr: '\\N{BULLET}'",
];

describeJinja2('Jinja2 differential corpus', (python) => {
  it('renders every template as Jinja2 does, or rejects it with a clear error', () => {
    const context = corpusContext();
    const templates = corpusTemplates();
    expect(templates.length).toBeGreaterThanOrEqual(300);
    expect(new Set(templates.map((t) => t.name)).size).toBe(templates.length);
    const reference = renderWithJinja2(python, context, templates);
    const env = createJinjaEnvironment();
    const same: string[] = [];
    const rejected: string[] = [];
    const unclear: string[] = [];
    const different: string[] = [];
    for (const { name, source } of templates) {
      const expected = reference[name]!;
      let out: string | undefined;
      let message = '';
      let line: number | undefined;
      try {
        const builtins = dbtBuiltins() as { modules: Record<string, unknown> };
        const modules = { ...builtins.modules, datetime: datetimeModule(() => new Date()) };
        out = compileJinja(env, source, 'corpus.sql').render({ ...builtins, modules, ...structuredClone(context) });
      } catch (error) {
        const diagnostic = templateDiagnostic(error, 'corpus.sql', { phase: 'render', text: source });
        message = diagnostic.message;
        line = diagnostic.line;
      }
      if (out !== undefined && expected.ok && out === expected.out) same.push(name);
      else if (out === undefined && !expected.ok) {
        same.push(name);
        if (process.env.WEIR_CORPUS_VERBOSE) console.log(`both reject ${name}\n    jinja2: ${expected.error}\n    weir:   ${message}`);
      }
      else if (out === undefined) {
        if (JS_INTERNALS.test(message) || line === undefined) unclear.push(`${name}\n    weir: ${message} (line ${line})`);
        else rejected.push(name);
        if (process.env.WEIR_CORPUS_VERBOSE) console.log(`weir rejects ${name}: ${message} (line ${line})`);
      } else {
        different.push(`${name}\n    jinja2: ${expected.ok ? JSON.stringify(expected.out) : expected.error}\n    weir:   ${JSON.stringify(out)}`);
      }
    }
    console.log(`Jinja2 corpus: ${templates.length} templates, ${same.length} same, ${rejected.length} rejected with a clear error, ` +
      `${unclear.length} rejected unclearly, ${different.length} silently different`);
    expect(different, 'silently different from Jinja2').toEqual([]);
    expect(unclear, 'rejected with an unclear error').toEqual([]);
    expect(rejected.sort()).toEqual([...REJECTED].sort());
  });
});
