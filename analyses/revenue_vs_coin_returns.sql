-- Does the shop sell more on days the crypto market rises? One row per day since var('start_date').
select
    date_day,
    average_coin_return,
    revenue
from {{ ref('revenue_vs_market') }}
where average_coin_return is not null
