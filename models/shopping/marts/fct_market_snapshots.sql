-- One row per day of market data: the day's newest snapshot of the whole market (/global) and of the meme,
-- real-world-asset and Trump (PolitiFi) coin themes, as 24-hour market-cap changes in percent. Days are UTC.
-- Which CoinGecko category is which theme is data: the coingecko_categories seed.
with categories as (
    select
        c.snapshot_date,
        themes.theme,
        c.market_cap_change_pct_24h,
        row_number() over (partition by themes.theme, c.snapshot_date order by c.snapshot_at desc) as recency
    from {{ ref('stg_coingecko__categories') }} as c
    inner join {{ ref('coingecko_categories') }} as themes on themes.category_id = c.category_id
),

category_days as (
    select
        snapshot_date,
        max(case when theme = 'meme' then market_cap_change_pct_24h end) as meme_change_pct_24h,
        max(case when theme = 'rwa' then market_cap_change_pct_24h end) as rwa_change_pct_24h,
        max(case when theme = 'trump' then market_cap_change_pct_24h end) as trump_change_pct_24h
    from categories
    where recency = 1
    group by snapshot_date
),

global_days as (
    select
        *,
        row_number() over (partition by snapshot_date order by snapshot_at desc) as recency
    from {{ ref('stg_coingecko__global') }}
)

select
    coalesce(g.snapshot_date, c.snapshot_date) as snapshot_date,
    g.snapshot_at,
    g.market_cap_change_pct_24h as global_change_pct_24h,
    g.total_market_cap_usd,
    c.meme_change_pct_24h,
    c.rwa_change_pct_24h,
    c.trump_change_pct_24h
from (select * from global_days where recency = 1) as g
full outer join category_days as c on c.snapshot_date = g.snapshot_date
