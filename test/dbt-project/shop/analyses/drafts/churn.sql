select * from {{ ref('customer_orders') }} where order_count = 1
