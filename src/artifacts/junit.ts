import type { CompiledNode } from '../compile/types.js';
import type { NodeResult } from '../execute/types.js';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * JUnit XML, the format CI systems display: one test case per node (data tests and builds),
 * failures for failed tests and errors for nodes that broke, skipped for skipped ones.
 */
export function buildJunit(results: readonly NodeResult[], nodes: ReadonlyMap<string, CompiledNode>, elapsed: number): string {
  const count = (...s: string[]) => results.filter((r) => s.includes(r.status)).length;
  const cases = results.map((r) => {
    const node = nodes.get(r.uniqueId);
    const classname = node ? `${node.resourceType}.${node.fqn.slice(0, -1).join('.')}` : 'weir';
    const head = `    <testcase classname="${escape(classname)}" name="${escape(node?.name ?? r.uniqueId)}" file="${escape(node?.path ?? '')}" time="${r.executionTime.toFixed(3)}">`;
    let body = '';
    if (r.status === 'fail') body = `\n      <failure message="${escape(node?.unitTest ? r.message.split('\n')[0]! : r.message)}" type="${escape(String(node?.config.severity ?? 'error'))}">${escape(`${node?.unitTest ? r.message : `${r.failures ?? 0} failing rows`}\n${r.compiledPath ?? ''}`)}</failure>`;
    else if (r.status === 'error') body = `\n      <error message="${escape(r.message.split('\n')[0] ?? '')}">${escape(r.message)}</error>`;
    else if (r.status === 'skipped') body = `\n      <skipped message="${escape(r.message)}"/>`;
    else if (r.status === 'warn') body = `\n      <system-out>${escape(`warning: ${r.message}`)}</system-out>`;
    return `${head}${body}${body ? '\n    ' : ''}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="weir" tests="${results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skipped')}" time="${elapsed.toFixed(3)}">`,
    `  <testsuite name="weir" tests="${results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skipped')}" time="${elapsed.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
