-- Shop revenue next to the crypto market, one row per day from var('start_date'). Days without
-- orders count as zero revenue, so the table is ready for a correlation analysis.
with market as (
    select
        price_date,
        avg(daily_return) as average_coin_return,
        max(case when coin = 'bitcoin' then daily_return end) as bitcoin_return,
        cast(count(daily_return) as integer) as coins_with_return
    from {{ ref('coin_daily_returns') }}
    where price_date >= cast('{{ var("start_date") }}' as date)
    group by price_date
),

daily_revenue as (
    select order_date, order_count, revenue
    from {{ ref('fct_daily_revenue') }}
)

select
    market.price_date as date_day,
    cast(coalesce(daily_revenue.order_count, 0) as integer) as order_count,
    cast(coalesce(daily_revenue.revenue, 0) as decimal(18,2)) as revenue,
    market.average_coin_return,
    market.bitcoin_return,
    market.coins_with_return
from market
left join daily_revenue on daily_revenue.order_date = market.price_date
