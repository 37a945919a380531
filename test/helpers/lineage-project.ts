/**
 * A small project for column lineage tests, compiled for DuckDB (dev) and PostgreSQL (pg): lineage
 * and selection need no connection, so the pg target points nowhere.
 */
export const LINEAGE_PROJECT: Readonly<Record<string, string>> = {
  'project.yml': `name: p
targets:
  dev: { type: duckdb, path: target/dev.duckdb }
  pg: { type: postgres, url: 'postgres://nobody@127.0.0.1:1/none', schema: analytics }
`,
  'seeds/orders.csv': 'id,customer,amount,status\n1,ann,10.5,paid\n2,bob,3,void\n',
  'models/stg_orders.sql': "{{ config(materialized='ephemeral') }}\nselect id, lower(customer) as customer, amount from {{ ref('orders') }} where status = 'paid'\n",
  'models/customer_totals.sql': "select customer, sum(amount) as total, count(*) as orders from {{ ref('stg_orders') }} group by customer\n",
  'models/top.sql': "select * from {{ ref('customer_totals') }} where total > {{ 'cast(1 as numeric)' if target.type == 'postgres' else '1::double' }}\n",
};
