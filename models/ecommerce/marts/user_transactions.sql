-- One row per cart (a transaction) with the user who owns it; carts of users missing from the
-- /users listing are kept, with is_listed_user false and no name.
select
    carts.cart_id,
    carts.user_id,
    users.is_listed as is_listed_user,
    users.full_name,
    users.age,
    users.city,
    users.state,
    carts.line_count,
    carts.item_count,
    carts.gross_total,
    carts.discount_total,
    carts.net_total,
    carts.cart_size
from {{ ref('cart_details') }} as carts
inner join {{ ref('int_users') }} as users on users.user_id = carts.user_id
