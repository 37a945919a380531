import { Option, type Command } from 'commander';

/**
 * dbt's global flags that tune what dbt-core itself does and mean nothing to weir (no usage
 * statistics, no version check, no relation cache, no static parser): accepted, so CI scripts
 * written for dbt run unchanged, and left out of --help.
 */
const SWITCHES = [
  'use-colors', 'use-colors-file', 'version-check', 'send-anonymous-usage-stats', 'static-parser', 'use-experimental-parser',
  'cache-selected-only', 'introspect', 'populate-cache', 'partial-parse-file-diff', 'log-cache-events', 'write-json', 'print',
];

export function addDbtNoOpFlags(program: Command): void {
  for (const name of SWITCHES) {
    program.addOption(new Option(`--${name}`).hideHelp());
    program.addOption(new Option(`--no-${name}`).hideHelp());
  }
  program.addOption(new Option('--partial-parse').hideHelp());
  program.addOption(new Option('--show-all-deprecations').hideHelp());
  program.addOption(new Option('--printer-width <n>').hideHelp());
  program.addOption(new Option('--record-timing-info <file>').hideHelp());
}

/** Those of the flags above that ask for something weir does not do yet: said once, as a warning. */
export function unsupportedDbtFlags(opts: { print?: boolean; writeJson?: boolean }): string[] {
  const said: string[] = [];
  if (opts.print === false) said.push("weir does not support --no-print yet: print() output is still logged");
  if (opts.writeJson === false) said.push('weir does not support --no-write-json yet: manifest.json and run_results.json are still written');
  return said;
}

/** dbt's other spellings of weir's options (click lets one option have several names, commander one long name). */
const ALIASES: Readonly<Record<string, string>> = {
  '--resource-types': '--resource-type',
  '--exclude-resource-types': '--exclude-resource-type',
};

export function withDbtSpellings(argv: readonly string[]): string[] {
  return argv.map((arg) => {
    const [flag, ...value] = arg.split('=');
    const alias = ALIASES[flag!];
    return alias ? [alias, ...value].join('=') : arg;
  });
}
