-- One row per product of the dummyjson listing. Not every product has a brand (groceries and kitchen
-- accessories mostly have none), so brand stays nullable; dimensions are flattened, reviews counted.
select
    cast(id as {{ type_int() }}) as product_id,
    title,
    category,
    brand,
    sku,
    cast(price as decimal(18,2)) as price,
    cast("discountPercentage" as decimal(5,2)) as discount_percentage,
    cast(rating as decimal(3,2)) as rating,
    cast(stock as {{ type_int() }}) as stock,
    "availabilityStatus" as availability_status,
    cast(weight as {{ type_int() }}) as weight,
    cast({{ json_field('dimensions', 'width') }} as decimal(8,2)) as width,
    cast({{ json_field('dimensions', 'height') }} as decimal(8,2)) as height,
    cast({{ json_field('dimensions', 'depth') }} as decimal(8,2)) as depth,
    cast({{ json_array_length('reviews') }} as {{ type_int() }}) as review_count,
    -- ISO 8601 text (2025-04-30T09:41:02.053Z) in UTC, as text every engine casts: Trino's cast reads no T or Z.
    cast(replace(replace({{ json_field('meta', 'createdAt') }}, 'T', ' '), 'Z', '') as {{ type_timestamp() }}) as created_at
from {{ source('dummyjson', 'products') }}
