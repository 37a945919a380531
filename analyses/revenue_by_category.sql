-- What each order line brings in, by product category: do some categories sell bigger lines?
select
    category,
    net_amount
from {{ ref('int_cart_lines') }}
