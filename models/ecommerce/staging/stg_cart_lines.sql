-- One row per line of a cart: the cart's nested `products` array unnested. A cart may name the same
-- product on two lines (12 of the real API's 208 carts do), so a line is keyed by its position in the
-- cart (1, 2, ...), not by the product. Amounts are what the API computed for the line:
-- gross = price x quantity, net = gross after the line's discount.
select
    {{ concat(['cast(carts.id as ' ~ type_string() ~ ')', "'-'", 'cast(line_number as ' ~ type_string() ~ ')']) }} as cart_line_id,
    cast(carts.id as {{ type_int() }}) as cart_id,
    cast(line_number as {{ type_int() }}) as line_number,
    cast(carts."userId" as {{ type_int() }}) as user_id,
    cast({{ json_field('line', 'id') }} as {{ type_int() }}) as product_id,
    {{ json_field('line', 'title') }} as product_title,
    cast({{ json_field('line', 'price') }} as decimal(18,2)) as unit_price,
    cast({{ json_field('line', 'quantity') }} as {{ type_int() }}) as quantity,
    cast({{ json_field('line', 'discountPercentage') }} as decimal(5,2)) as discount_percentage,
    cast({{ json_field('line', 'total') }} as decimal(18,2)) as gross_amount,
    cast({{ json_field('line', 'discountedTotal') }} as decimal(18,2)) as net_amount
from {{ source('dummyjson', 'carts') }} as carts
{{ unnest_json_array('carts.products', 'line', ordinal='line_number') }}
