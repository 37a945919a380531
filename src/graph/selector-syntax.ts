/**
 * The selector methods weir understands, as data: the parser checks against it and error messages
 * list it, so the two can never disagree.
 */
export const SELECTOR_METHODS = ['tag', 'path', 'file', 'config.<key>', 'resource_type', 'package', 'fqn', 'test_type'] as const;

/** Methods written as `method:value`; `config.<key>` is handled separately because it carries a key. */
export type SimpleMethod = 'name' | 'tag' | 'path' | 'file' | 'resource_type' | 'package' | 'fqn' | 'test_type';

export const SIMPLE_METHODS: readonly SimpleMethod[] = ['tag', 'path', 'file', 'resource_type', 'package', 'fqn', 'test_type'];

export function describeMethods(): string {
  return `allowed methods: ${SELECTOR_METHODS.join(', ')}, or a bare node name, glob or path`;
}
