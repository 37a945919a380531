-- One row per cart, its totals summed from its lines (so they add up by construction; a test checks
-- them against the totals the API reports), with what the cart holds.
with lines as (
    select * from {{ ref('enriched_transactions') }}
)

select
    cart_id,
    max(user_id) as user_id,
    cast(count(*) as {{ type_int() }}) as line_count,
    cast(sum(quantity) as {{ type_int() }}) as item_count,
    cast(count(distinct category) as {{ type_int() }}) as category_count,
    {{ string_agg('category', "', '", 'order by category') }} as categories,
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
group by cart_id
