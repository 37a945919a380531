-- One row per order (checked-out cart) with its totals. Orders below var('min_order_total') are
-- left out.
with lines as (
    select * from {{ ref('int_cart_lines') }}
),

orders as (
    select
        cart_id as order_id,
        user_id,
        order_date,
        count(*) as line_count,
        sum(quantity) as item_count,
        sum(gross_amount) as gross_total,
        sum(net_amount) as order_total,
        sum(gross_amount) - sum(net_amount) as discount_total,
        sum(case when category = 'furniture' then net_amount else 0 end) as furniture_total
    from lines
    group by cart_id, user_id, order_date
)

select
    order_id,
    user_id,
    order_date,
    cast({{ date_trunc('month', 'order_date') }} as date) as order_month,
    cast(line_count as integer) as line_count,
    cast(item_count as integer) as item_count,
    cast(gross_total as decimal(18,2)) as gross_total,
    cast(discount_total as decimal(18,2)) as discount_total,
    cast(order_total as decimal(18,2)) as order_total,
    {{ dollars_to_cents('order_total') }} as order_total_cents,
    case
        when order_total >= 500 then 'large'
        when order_total >= 100 then 'medium'
        else 'small'
    end as order_size,
    furniture_total > 0 as has_furniture
from orders
where order_total >= {{ var('min_order_total') }}
