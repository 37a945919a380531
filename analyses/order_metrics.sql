-- How the size, breadth, discount and value of a cart move together.
select
    item_count,
    line_count,
    discount_total,
    net_total
from {{ ref('cart_details') }}
