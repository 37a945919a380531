select
    id as order_id,
    customer_id,
    status,
    amount_cents / 100.0 as amount,
    cast(ordered_at as date) as ordered_at
from {{ ref('raw_orders') }}
