-- Are carts with a furniture product worth more than the others?
select
    cart_id,
    has_furniture,
    net_total
from {{ ref('cart_details') }}
