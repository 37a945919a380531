import type { Command } from 'commander';
import { runOperation } from '../workflow/run-operation.js';
import { commonOptions, parseMappingOption, type CliContext } from './cli-context.js';

/** `weir run-operation <macro> --args '{...}'`: exit 1 when the macro fails. */
export async function runOperationCommand(macro: string, command: Command, context: CliContext) {
  const { args } = command.opts() as { args?: string };
  // dbt's --args: the macro's keyword arguments as a YAML dict.
  const kwargs = args === undefined || args.trim() === '' ? {} : parseMappingOption('--args', args, '{table: orders, days: 7}', "a YAML mapping of the macro's arguments");
  await runOperation(commonOptions(command, context), macro, kwargs);
}
