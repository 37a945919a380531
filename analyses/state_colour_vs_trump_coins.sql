-- Do red states shop more on days Trump-themed coins rally? Per day: the share of purchases (percent) from
-- customers in states that voted red in 2020, beside the Trump-themed category's 24-hour market-cap change.
with daily as (
    select
        p.purchase_date,
        count(*) as purchases,
        sum(case when c.political_colour = 'red' then 1 else 0 end) as red
    from {{ ref('fct_purchases') }} as p
    join {{ ref('dim_customers') }} as c on c.customer_key = p.customer_key
    group by p.purchase_date
)

select
    d.purchase_date,
    m.trump_change_pct_24h,
    100 * {{ safe_divide('d.red', 'd.purchases') }} as red_state_share
from daily as d
join {{ ref('fct_market_snapshots') }} as m on m.snapshot_date = d.purchase_date
