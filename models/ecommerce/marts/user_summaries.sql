-- One row per known user: what they spent (net), how many carts and items, with age and city.
-- Users without a cart are kept with zeros, so the summary covers the whole customer base.
with per_user as (
    select
        user_id,
        count(*) as cart_count,
        sum(item_count) as item_count,
        sum(gross_total) as gross_spend,
        sum(net_total) as total_spend
    from {{ ref('cart_details') }}
    group by user_id
)

select
    users.user_id,
    users.is_listed,
    users.full_name,
    users.age,
    {{ age_band('users.age') }} as age_band,
    users.city,
    users.state,
    cast(coalesce(per_user.cart_count, 0) as {{ type_int() }}) as cart_count,
    cast(coalesce(per_user.item_count, 0) as {{ type_int() }}) as item_count,
    coalesce(per_user.gross_spend, 0) as gross_spend,
    coalesce(per_user.total_spend, 0) as total_spend,
    coalesce({{ money('per_user.total_spend / nullif(per_user.cart_count, 0)') }}, 0) as average_cart_value
from {{ ref('int_users') }} as users
left join per_user on per_user.user_id = users.user_id
