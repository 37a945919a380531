-- Are dearer products rated better?
select
    product_id,
    price,
    rating
from {{ ref('stg_products') }}
