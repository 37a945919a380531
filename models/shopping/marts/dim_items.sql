-- One row per item sold: product, category, size and colour (the data set has no product ids).
with items as (
    select distinct item_name, category, size, color
    from {{ ref('stg_shopping__purchases') }}
)

select
    {{ surrogate_key(['item_name', 'category', 'size', 'color']) }} as item_key,
    item_name,
    category,
    size,
    color
from items
