-- Each order with its total and size band.
select
    order_id,
    customer_id,
    order_date,
    product,
    category,
    quantity,
    unit_price,
    cast(quantity * unit_price as decimal(18,2)) as order_total,
    {{ order_size_band('quantity * unit_price') }} as order_size
from {{ ref('stg_orders') }}
