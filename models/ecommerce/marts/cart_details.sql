-- One row per cart, its totals summed from its lines (so they add up by construction; a test checks
-- them against the totals the API reports), with what the cart holds.
with lines as (
    select * from {{ ref('enriched_transactions') }}
),

-- Each category once per cart (a cart often has several lines of one category).
cart_categories as (
    select
        cart_id,
        {{ string_agg('category', "', '", 'order by category') }} as categories
    from (select distinct cart_id, category from lines) as distinct_categories
    group by cart_id
)

select
    lines.cart_id,
    max(user_id) as user_id,
    cast(count(*) as {{ type_int() }}) as line_count,
    cast(sum(quantity) as {{ type_int() }}) as item_count,
    cast(count(distinct category) as {{ type_int() }}) as category_count,
    max(cart_categories.categories) as categories,
    sum(gross_amount) as gross_total,
    sum(discount_amount) as discount_total,
    sum(net_amount) as net_total,
    max(net_amount) as largest_line_net,
    max(case when category = 'furniture' then 1 else 0 end) = 1 as has_furniture,
    case
        when sum(net_amount) < 100 then 'small'
        when sum(net_amount) < 1000 then 'medium'
        else 'large'
    end as cart_size
from lines
inner join cart_categories on cart_categories.cart_id = lines.cart_id
group by lines.cart_id
