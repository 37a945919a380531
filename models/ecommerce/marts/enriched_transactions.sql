-- One row per cart line with the product's name, category and brand: the table revenue questions
-- start from. Money is decimal(18,2) dollars: gross = price x quantity, net = what was paid.
select
    lines.cart_line_id,
    lines.cart_id,
    lines.line_number,
    lines.user_id,
    lines.product_id,
    products.title as product_title,
    products.category,
    products.brand,
    products.is_listed as is_listed_product,
    lines.quantity,
    lines.unit_price,
    lines.discount_percentage,
    lines.gross_amount,
    lines.gross_amount - lines.net_amount as discount_amount,
    lines.net_amount
from {{ ref('stg_cart_lines') }} as lines
inner join {{ ref('int_products') }} as products on products.product_id = lines.product_id
