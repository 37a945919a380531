-- How the size, breadth, discount and value of an order move together.
select
    item_count,
    line_count,
    discount_total,
    order_total
from {{ ref('fct_orders') }}
