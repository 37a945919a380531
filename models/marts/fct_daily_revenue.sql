{{ config(materialized='incremental', unique_key='order_date', incremental_strategy='merge') }}
-- Revenue per day. Incremental: a later run recomputes only the last loaded day and the days after
-- it, and merges them in on order_date.
select
    order_date,
    cast(count(*) as integer) as order_count,
    cast(count(distinct user_id) as integer) as customer_count,
    cast(sum(item_count) as integer) as item_count,
    cast(sum(order_total) as decimal(18,2)) as revenue,
    cast(sum(discount_total) as decimal(18,2)) as discounts
from {{ ref('fct_orders') }}
{% if is_incremental() %}
where order_date >= (select max(order_date) from {{ this }})
{% endif %}
group by order_date
