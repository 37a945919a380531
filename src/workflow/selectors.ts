import { DiagnosticsError } from '../core/diagnostics.js';
import type { Logger } from '../core/logger.js';
import { parseDefinition, SelectorDefinitionError, type IndirectSelection, type NamedSelector, type SelectorExpression } from '../graph/index.js';
import { SELECTORS_FILE, type SelectorEntry } from '../project/selectors-file.js';
import { UsageError } from '../core/errors.js';
import { closestNames } from '../core/closest.js';
import { formatKeyPath } from '../project/yaml-file.js';

export interface SelectorFlags {
  readonly select?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  /** `--selector NAME`: a selector of selectors.yml. */
  readonly selector?: string | undefined;
  readonly indirectSelection?: IndirectSelection | undefined;
}

/**
 * Which selectors.yml selector applies, as dbt decides: `--selector` wins (and --select/--exclude
 * are then ignored, as dbt ignores them; weir says so); without any selection flag, the selector
 * marked `default: true`; else none (the CLI flags apply).
 */
export function selectorExpression(
  selectors: readonly SelectorEntry[],
  flags: SelectorFlags,
  logger: Logger,
): SelectorExpression | undefined {
  const byName = new Map<string, NamedSelector>(selectors.map((s) => [s.name, s]));
  if (flags.selector !== undefined) {
    if (!byName.has(flags.selector)) {
      const close = closestNames(flags.selector, [...byName.keys()], 1);
      throw new UsageError(
        selectors.length === 0 ? `--selector ${flags.selector}: this project has no ${SELECTORS_FILE}` : `--selector ${flags.selector}: no selector of that name in ${SELECTORS_FILE}`,
        { hint: close.length ? `did you mean '${close[0]}'?` : selectors.length ? `selectors: ${[...byName.keys()].join(', ')}` : `write a ${SELECTORS_FILE} next to the project file` },
      );
    }
    if (flags.select?.length || flags.exclude?.length) {
      logger.log({ level: 'warn', code: 'selector_overrides', message: `--selector ${flags.selector} is used; --select and --exclude are ignored (as dbt does)` });
    }
    return parseNamed(selectors, byName, flags.selector, flags.indirectSelection);
  }
  if (flags.select?.length || flags.exclude?.length) return undefined;
  const fallback = selectors.find((s) => s.default);
  return fallback && parseNamed(selectors, byName, fallback.name, flags.indirectSelection);
}

/** Every selector parsed once, so a mistake in selectors.yml is named however the project is used. */
export function checkSelectors(selectors: readonly SelectorEntry[]): void {
  const byName = new Map<string, NamedSelector>(selectors.map((s) => [s.name, s]));
  for (const s of selectors) parseNamed(selectors, byName, s.name, undefined);
}

function parseNamed(selectors: readonly SelectorEntry[], byName: Map<string, NamedSelector>, name: string, indirect: IndirectSelection | undefined) {
  try {
    return parseDefinition(byName, name, indirect);
  } catch (error) {
    if (!(error instanceof SelectorDefinitionError)) throw error;
    const entry = selectors.find((s) => s.name === error.selector);
    throw new DiagnosticsError([{
      severity: 'error', file: SELECTORS_FILE, line: lineOf(entry, error.path), key: `selector '${error.selector}'`,
      message: error.message.split('\n')[0]!.replace(/^Invalid selector '[^']*': /, ''),
      hint: 'see https://docs.getdbt.com/reference/node-selection/yaml-selectors',
    }]);
  }
}

/** The line of the deepest key of `path` that the file has. */
function lineOf(entry: SelectorEntry | undefined, path: readonly (string | number)[]): number | undefined {
  if (!entry) return undefined;
  for (let depth = path.length; depth > 0; depth--) {
    const key = formatKeyPath(path.slice(0, depth));
    if (entry.lines[key] !== undefined) return entry.lines[key];
  }
  return entry.line;
}
