-- dim_customers v1: kept for the consumers that still count orders.
select
    customer_id,
    order_count,
    total_amount
from {{ ref('customer_orders') }}
