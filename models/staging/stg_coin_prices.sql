-- One row per coin and trading day, prices in US dollars.
select
    lower(coin) as coin,
    case lower(coin)
        when 'bitcoin' then 'BTC'
        when 'ethereum' then 'ETH'
        when 'solana' then 'SOL'
        else upper(coin)
    end as symbol,
    cast(price_date as date) as price_date,
    cast(open as decimal(18,4)) as open_usd,
    cast(close as decimal(18,4)) as close_usd,
    cast(volume as bigint) as volume_usd
from {{ ref('raw_coin_prices') }}
