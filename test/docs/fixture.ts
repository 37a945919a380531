/** A small shop project for the docs tests: seeds, views, a table, tests (one failing with warn), an evil description. */
export const EVIL_DESCRIPTION = 'Totals per user. <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & more';

export const DOCS_PROJECT: Record<string, string> = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: table\n      +tags: [marts]\n',
  'seeds/raw_orders.csv': 'id,user_id,amount\n1,1,10.5\n2,1,4.5\n3,2,7\n',
  'models/staging/stg_orders.sql': "select id as order_id, user_id, cast(amount * 100 as integer) as amount_cents from {{ ref('raw_orders') }}",
  'models/marts/user_totals.sql': "select user_id, sum(amount_cents) as total_cents, count(*) as order_count from {{ ref('stg_orders') }} group by user_id",
  'models/marts/big_spenders.sql': "{{ config(materialized='view') }}\nselect user_id from {{ ref('user_totals') }} where total_cents > 1000",
  'models/marts/_marts.yml': [
    'models:',
    '  - name: user_totals',
    `    description: '${EVIL_DESCRIPTION}'`,
    '    columns:',
    '      - name: user_id',
    '        description: The customer.',
    '        data_tests: [unique, not_null]',
    '      - name: total_cents',
    '        description: Money spent, in cents.',
    '        data_tests:',
    '          - accepted_values: {values: [1], config: {severity: warn}}',
    '',
  ].join('\n'),
};
