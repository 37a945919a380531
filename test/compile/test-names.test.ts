import { describe, expect, it } from 'vitest';
import { genericTestNames } from '../../src/compile/test-names.js';

/**
 * Names as dbt-core 1.10's synthesize_generic_test_names gives them (each expected value below was
 * printed by dbt's own function for the same inputs): arguments in name order, Python's str() of each
 * value, and the md5 short alias at 64 characters or more.
 */
describe("generic test names, as dbt's", () => {
  const name = (test: string, target: string, column: string | undefined, args: Record<string, unknown>, more: { namespace?: string; onSource?: boolean } = {}) =>
    genericTestNames({ test, target, column, args, onSource: more.onSource ?? false, namespace: more.namespace });

  it('names column tests, orders arguments by name, and prints values as Python does', () => {
    expect(name('unique', 'orders', 'id', {})).toEqual({ name: 'unique_orders_id', alias: 'unique_orders_id' });
    expect(name('relationships', 'orders', 'customer_id', { to: "ref('customers')", field: 'id' }).name).toBe('relationships_orders_customer_id__id__ref_customers_');
    expect(name('accepted_values', 'x', 'flag', { values: [true, false, null, 1.5, 2] }).name).toBe('accepted_values_x_flag__True__False__None__1_5__2');
    expect(name('accepted_range', 'payments', 'amount', { min_value: 0, max_value: 10000, inclusive: true }, { namespace: 'dbt_utils' }).name)
      .toBe('dbt_utils_accepted_range_payments_amount__True__10000__0');
  });

  it('joins a model-level test to its arguments with one underscore, and prefixes source tests', () => {
    expect(name('expression_is_true', 'orders', undefined, { expression: 'amount >= 0' }, { namespace: 'dbt_utils' }).name).toBe('dbt_utils_expression_is_true_orders_amount_0');
    expect(name('not_null', 'jaffle_raw_orders', 'id', {}, { onSource: true }).name).toBe('source_not_null_jaffle_raw_orders_id');
  });

  it('gives a name of 64 characters or more a short alias: 30 characters and the md5 of the full name', () => {
    const long = name('accepted_values', 'orders', 'status', { values: ['placed', 'shipped', 'completed', 'return_pending', 'returned'] });
    expect(long).toEqual({
      name: 'accepted_values_orders_status__placed__shipped__completed__return_pending__returned',
      alias: 'accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758',
    });
  });

  it("uses a test's own name: for both", () => {
    expect(name('unique', 'orders', 'id', { name: 'orders_are_unique' })).toEqual({ name: 'orders_are_unique', alias: 'orders_are_unique' });
  });
});
