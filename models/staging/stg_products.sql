-- One row per product in the catalogue.
select
    cast(id as integer) as product_id,
    title as product_title,
    lower(category) as category,
    cast(price as decimal(10,2)) as price,
    cast(rating as decimal(3,2)) as rating
from {{ ref('raw_products') }}
