-- Are orders with a furniture product worth more than the others?
select
    order_id,
    has_furniture,
    order_total
from {{ ref('fct_orders') }}
