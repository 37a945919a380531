-- One row per checked-out cart. In this shop a cart that was checked out is an order.
select
    cast(id as integer) as cart_id,
    cast(user_id as integer) as user_id,
    cast(cart_date as date) as cart_date
from {{ ref('raw_carts') }}
