/**
 * The selector methods weir understands, as data: the parser checks against it and error messages
 * list it, so the two can never disagree.
 */
export const SELECTOR_METHODS = ['tag', 'path', 'file', 'config.<key>', 'resource_type', 'package', 'fqn', 'test_type', 'state', 'source'] as const;

/** Methods written as `method:value`; `config.<key>` is handled separately because it carries a key. */
export type SimpleMethod = 'name' | 'tag' | 'path' | 'file' | 'resource_type' | 'package' | 'fqn' | 'test_type' | 'state' | 'source';

export const SIMPLE_METHODS: readonly SimpleMethod[] = ['tag', 'path', 'file', 'resource_type', 'package', 'fqn', 'test_type', 'state', 'source'];

export function describeMethods(): string {
  return `allowed methods: ${SELECTOR_METHODS.join(', ')}, or a bare node name, glob or path`;
}

/**
 * `state:<value>` compares with an earlier run's manifest (`--state DIR`). The caller works out which
 * nodes each value picks (the graph layer knows no SQL, so it cannot compare fingerprints itself).
 */
export const STATE_VALUES = ['new', 'old', 'modified', 'unmodified', 'modified.body', 'modified.configs', 'modified.macros'] as const;
export type StateValue = (typeof STATE_VALUES)[number];
export type StateSets = Readonly<Record<StateValue, ReadonlySet<string>>>;
