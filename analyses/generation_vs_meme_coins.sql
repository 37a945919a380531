-- Do younger generations buy more on days meme coins rally? Per day: each generation's share of the
-- purchases (percent), beside the meme-token category's 24-hour market-cap change.
with daily as (
    select
        p.purchase_date,
        count(*) as purchases,
        sum(case when c.generation = 'Gen Z' then 1 else 0 end) as gen_z,
        sum(case when c.generation = 'Millennials' then 1 else 0 end) as millennials,
        sum(case when c.generation = 'Gen X' then 1 else 0 end) as gen_x,
        sum(case when c.generation = 'Baby Boomers' then 1 else 0 end) as baby_boomers
    from {{ ref('fct_purchases') }} as p
    join {{ ref('dim_customers') }} as c on c.customer_key = p.customer_key
    group by p.purchase_date
)

select
    d.purchase_date,
    m.meme_change_pct_24h,
    100 * {{ safe_divide('d.gen_z', 'd.purchases') }} as gen_z_share,
    100 * {{ safe_divide('d.millennials', 'd.purchases') }} as millennials_share,
    100 * {{ safe_divide('d.gen_x', 'd.purchases') }} as gen_x_share,
    100 * {{ safe_divide('d.baby_boomers', 'd.purchases') }} as baby_boomers_share
from daily as d
join {{ ref('fct_market_snapshots') }} as m on m.snapshot_date = d.purchase_date
