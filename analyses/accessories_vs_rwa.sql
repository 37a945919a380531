-- Clothing or accessories: does the mix follow real-world-asset (RWA) coins? Per day: accessories' share
-- (percent) of the clothing and accessories purchases, beside the RWA category's 24-hour market-cap change.
with daily as (
    select
        p.purchase_date,
        sum(case when i.category = 'Accessories' then 1 else 0 end) as accessories,
        sum(case when i.category = 'Clothing' then 1 else 0 end) as clothing
    from {{ ref('fct_purchases') }} as p
    join {{ ref('dim_items') }} as i on i.item_key = p.item_key
    group by p.purchase_date
)

select
    d.purchase_date,
    m.rwa_change_pct_24h,
    d.accessories,
    d.clothing,
    100 * {{ safe_divide('d.accessories', 'd.accessories + d.clothing') }} as accessories_share
from daily as d
join {{ ref('fct_market_snapshots') }} as m on m.snapshot_date = d.purchase_date
