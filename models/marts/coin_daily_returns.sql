-- Daily close-to-close return of each coin, from the previous trading day's close.
with prices as (
    select
        coin,
        symbol,
        price_date,
        close_usd,
        volume_usd,
        lag(close_usd) over (partition by coin order by price_date) as previous_close_usd
    from {{ ref('stg_coin_prices') }}
)

select
    coin,
    symbol,
    price_date,
    close_usd,
    previous_close_usd,
    {{ pct_change('close_usd', 'previous_close_usd') }} as daily_return,
    volume_usd
from prices
