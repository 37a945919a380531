{{ config(materialized='table') }}
-- Orders merged with the customers who placed them: one row per order of a known customer.
select
    orders.order_id,
    orders.order_date,
    orders.customer_id,
    customers.customer_name,
    customers.email,
    customers.city,
    customers.age_group,
    customers.customer_segment,
    orders.product,
    orders.category,
    orders.quantity,
    orders.unit_price,
    orders.order_total,
    orders.order_size
from {{ ref('orders_enriched') }} as orders
inner join {{ ref('customers_enriched') }} as customers on customers.customer_id = orders.customer_id
