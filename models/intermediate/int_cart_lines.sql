{{ config(materialized='ephemeral') }}
-- Cart lines priced with the product's list price and the line's discount. Inlined as a CTE into
-- the models that use it, never built.
select
    items.cart_item_id,
    items.cart_id,
    carts.user_id,
    carts.cart_date as order_date,
    items.product_id,
    products.category,
    items.quantity,
    products.price as unit_price,
    items.discount_percentage,
    {{ money('products.price * items.quantity') }} as gross_amount,
    {{ money(discounted('products.price * items.quantity', 'items.discount_percentage')) }} as net_amount
from {{ ref('stg_cart_items') }} as items
inner join {{ ref('stg_carts') }} as carts on carts.cart_id = items.cart_id
inner join {{ ref('stg_products') }} as products on products.product_id = items.product_id
