-- One row per day with purchases and market data: the day's purchases counted by generation, state
-- political colour, price point and category, beside that day's market snapshot. What the example's
-- analyses correlate (analyses/*.sql); shares are percentages of the day's purchases.
with daily as (
    select
        p.purchase_date,
        count(*) as purchases,
        sum(case when c.generation = 'Gen Z' then 1 else 0 end) as gen_z_purchases,
        sum(case when c.generation = 'Millennials' then 1 else 0 end) as millennials_purchases,
        sum(case when c.generation = 'Gen X' then 1 else 0 end) as gen_x_purchases,
        sum(case when c.generation = 'Baby Boomers' then 1 else 0 end) as baby_boomers_purchases,
        sum(case when c.political_colour = 'red' then 1 else 0 end) as red_state_purchases,
        sum(case when p.price_point = 'premium' then 1 else 0 end) as premium_purchases,
        sum(case when i.category = 'Accessories' then 1 else 0 end) as accessories_purchases,
        sum(case when i.category = 'Clothing' then 1 else 0 end) as clothing_purchases
    from {{ ref('fct_purchases') }} as p
    join {{ ref('dim_customers') }} as c on c.customer_key = p.customer_key
    join {{ ref('dim_items') }} as i on i.item_key = p.item_key
    group by p.purchase_date
)

select
    d.*,
    100 * {{ safe_divide('d.gen_z_purchases', 'd.purchases') }} as gen_z_share,
    100 * {{ safe_divide('d.millennials_purchases', 'd.purchases') }} as millennials_share,
    100 * {{ safe_divide('d.gen_x_purchases', 'd.purchases') }} as gen_x_share,
    100 * {{ safe_divide('d.baby_boomers_purchases', 'd.purchases') }} as baby_boomers_share,
    100 * {{ safe_divide('d.red_state_purchases', 'd.purchases') }} as red_state_share,
    100 * {{ safe_divide('d.premium_purchases', 'd.purchases') }} as premium_share,
    100 * {{ safe_divide('d.accessories_purchases', 'd.accessories_purchases + d.clothing_purchases') }} as accessories_share,
    m.global_change_pct_24h,
    m.meme_change_pct_24h,
    m.rwa_change_pct_24h,
    m.trump_change_pct_24h
from daily as d
join {{ ref('fct_market_snapshots') }} as m on m.snapshot_date = d.purchase_date
