/** The files `weir init` writes: small, but showing seeds, ref(), config(), macros and tests. */
export const INIT_FILES: Readonly<Record<string, string>> = {
  'project.yml': `name: {{project_name}}

# Where weir builds: a local DuckDB file by default. Add more targets (and --target) as needed.
targets:
  dev:
    type: duckdb
    path: target/dev.duckdb

models:
  {{project_name}}:
    staging:
      +materialized: view
    marts:
      +materialized: table
`,
  '.gitignore': 'target/\n',
  'seeds/raw_customers.csv': `id,name,country,signed_up_at
1,Ada,GB,2024-01-03
2,Grace,US,2024-02-11
3,Linus,FI,2024-02-20
4,Margaret,US,2024-03-05
`,
  'models/staging/stg_customers.sql': `select
    id as customer_id,
    name as customer_name,
    upper(country) as country_code,
    cast(signed_up_at as date) as signed_up_on
from {{ ref('raw_customers') }}
`,
  'models/marts/customers_by_country.sql': `{{ config(tags=['example']) }}

select
    country_code,
    count(*) as customers,
    {{ first_signup('signed_up_on') }} as first_signup
from {{ ref('stg_customers') }}
group by country_code
`,
  'models/properties.yml': `models:
  - name: stg_customers
    description: One row per customer, cleaned up from the raw seed.
    columns:
      - name: customer_id
        description: Primary key.
        data_tests: [unique, not_null]
  - name: customers_by_country
    description: How many customers each country has.
`,
  'macros/first_signup.sql': `{% macro first_signup(column) %}min({{ column }}){% endmacro %}
`,
  'analyses/.gitkeep': '',
};
