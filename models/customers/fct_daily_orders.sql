{{ config(materialized='incremental', unique_key='order_date', incremental_strategy='merge') }}
-- Revenue per day. Incremental: a later run recomputes only the last loaded day and the days after
-- it, and merges them in on order_date.
select
    order_date,
    cast(count(*) as {{ type_int() }}) as order_count,
    cast(count(distinct customer_id) as {{ type_int() }}) as customer_count,
    cast(sum(quantity) as {{ type_int() }}) as item_count,
    cast(sum(order_total) as decimal(18,2)) as revenue
from {{ ref('customer_orders') }}
{% if is_incremental() %}
where order_date >= (select max(order_date) from {{ this }})
{% endif %}
group by order_date
