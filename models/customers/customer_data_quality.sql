-- What validation removed from each export, so nothing disappears unaccounted for:
-- raw_rows = missing_required + duplicates + clean_rows (tested), plus orders whose customer the
-- CRM lacks (kept in stg_orders, left out of customer_orders).
with customers as (
    select
        'customers' as dataset,
        count(*) as raw_rows,
        count(*) filter (where customer_id is null or email is null) as missing_required
    from {{ source('crm', 'customers') }}
),

orders as (
    select
        'orders' as dataset,
        count(*) as raw_rows,
        count(*) filter (where order_id is null or customer_id is null or quantity is null or unit_price is null) as missing_required
    from {{ source('crm', 'orders') }}
),

clean as (
    select 'customers' as dataset, count(*) as clean_rows, 0 as orphan_rows from {{ ref('stg_customers') }}
    union all
    select
        'orders',
        count(*),
        count(*) filter (where not exists (
            select 1 from {{ ref('stg_customers') }} as c where c.customer_id = o.customer_id
        ))
    from {{ ref('stg_orders') }} as o
),

raw as (
    select * from customers
    union all
    select * from orders
)

select
    raw.dataset,
    cast(raw.raw_rows as {{ type_int() }}) as raw_rows,
    cast(raw.missing_required as {{ type_int() }}) as missing_required,
    cast(raw.raw_rows - raw.missing_required - clean.clean_rows as {{ type_int() }}) as duplicates,
    cast(clean.clean_rows as {{ type_int() }}) as clean_rows,
    cast(clean.orphan_rows as {{ type_int() }}) as orphan_rows
from raw
inner join clean on clean.dataset = raw.dataset
