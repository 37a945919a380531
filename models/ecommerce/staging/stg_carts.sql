-- One row per cart. In this shop a cart is an order once it exists; its totals are the API's own.
select
    cast(id as {{ type_int() }}) as cart_id,
    cast("userId" as {{ type_int() }}) as user_id,
    cast("totalProducts" as {{ type_int() }}) as line_count,
    cast("totalQuantity" as {{ type_int() }}) as item_count,
    cast(total as decimal(18,2)) as gross_total,
    cast("discountedTotal" as decimal(18,2)) as net_total
from {{ source('dummyjson', 'carts') }}
