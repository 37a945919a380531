-- Do shoppers buy dearer things on days the crypto market rises? Per day: the premium share of purchases
-- (percent of purchases of $70 and more), beside the whole market's 24-hour market-cap change.
with daily as (
    select
        purchase_date,
        count(*) as purchases,
        sum(case when price_point = 'premium' then 1 else 0 end) as premium
    from {{ ref('fct_purchases') }}
    group by purchase_date
)

select
    d.purchase_date,
    m.global_change_pct_24h,
    100 * {{ safe_divide('d.premium', 'd.purchases') }} as premium_share
from daily as d
join {{ ref('fct_market_snapshots') }} as m on m.snapshot_date = d.purchase_date
