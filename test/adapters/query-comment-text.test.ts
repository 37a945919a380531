import { describe, expect, it } from 'vitest';
import { withoutQueryComment } from '../../src/adapters/trino/undo-journal.js';

/** Trino's undo journal reads statements by their first words: a query comment before or after must not hide them. */
describe('a statement without its query comment', () => {
  it('drops a comment before or after, and keeps comments inside the SQL', () => {
    expect(withoutQueryComment('/* {"app": "weir", "node_id": "model.p.m"} */\ndrop table if exists "s"."t"')).toBe('drop table if exists "s"."t"');
    expect(withoutQueryComment('create table "s"."t" as select 1\n/* ci */')).toBe('create table "s"."t" as select 1');
    expect(withoutQueryComment('select /* a */ 1 /* b */')).toBe('select /* a */ 1');
    expect(withoutQueryComment('  begin  ')).toBe('begin');
  });
});
