-- One row per cart line (cart and product), with a readable surrogate key.
select
    cast(cart_id as varchar) || '-' || cast(product_id as varchar) as cart_item_id,
    cast(cart_id as integer) as cart_id,
    cast(product_id as integer) as product_id,
    cast(quantity as integer) as quantity,
    cast(coalesce(discount_percentage, 0) as decimal(5,2)) as discount_percentage
from {{ ref('raw_cart_items') }}
