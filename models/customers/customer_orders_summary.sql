{{ config(materialized='table') }}
-- The whole shop in one row: revenue, orders, average order value, unique customers, and the city
-- and product that brought in the most (ties broken by name, so the answer is stable).
with orders as (
    select * from {{ ref('customer_orders') }}
),

top_city as (
    select city from orders group by city order by sum(order_total) desc, city limit 1
),

top_product as (
    select product from orders group by product order by sum(order_total) desc, product limit 1
)

select
    cast(sum(order_total) as decimal(18,2)) as revenue,
    cast(count(*) as {{ type_int() }}) as order_count,
    {{ money('sum(order_total) / count(*)') }} as average_order_value,
    cast(count(distinct customer_id) as {{ type_int() }}) as unique_customers,
    (select city from top_city) as top_city,
    (select product from top_product) as top_product
from orders
