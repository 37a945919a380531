-- One row per product category: what it sold (net and gross), how many items, lines and carts.
-- Sums only, so the categories add up to the whole shop (a test checks it against the cart lines).
-- Its columns are a contract (see _ecommerce.yml), so every type is cast to the promised one.
select
    cast(category as varchar) as category,
    cast(sum(net_amount) as decimal(18,2)) as total_sales,
    cast(sum(gross_amount) as decimal(18,2)) as gross_sales,
    cast(sum(discount_amount) as decimal(18,2)) as discount_total,
    cast(sum(quantity) as integer) as items_sold,
    cast(count(*) as integer) as line_count,
    cast(count(distinct cart_id) as integer) as cart_count,
    cast(count(distinct product_id) as integer) as product_count
from {{ ref('enriched_transactions') }}
group by category
