-- Every product the shop sold or lists: the /products listing, plus products only cart lines name
-- (gone from the listing), described by what the cart line says: its title and price. Those have
-- no category or brand in the API; they get the category 'unlisted' so sales still add up per category.
with cart_only as (
    select
        lines.product_id,
        max(lines.product_title) as title,
        max(lines.unit_price) as price
    from {{ ref('stg_cart_lines') }} as lines
    left join {{ ref('stg_products') }} as products on products.product_id = lines.product_id
    where products.product_id is null
    group by lines.product_id
)

select product_id, true as is_listed, title, category, brand, price, rating
from {{ ref('stg_products') }}
union all
select product_id, false as is_listed, title, 'unlisted' as category, null as brand, price, null as rating
from cart_only
