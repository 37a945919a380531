-- One row per snapshot of the whole crypto market (/global): history files and the API's appended
-- snapshots, each snapshot once (the latest load wins). updated_at is unix seconds; times are UTC.
with unioned as (
    select market_cap_change_percentage_24h_usd, total_market_cap, updated_at, _weir_loaded_at
    from {{ source('coingecko', 'global_history') }}
    union all
    select market_cap_change_percentage_24h_usd, total_market_cap, updated_at, _weir_loaded_at
    from {{ source('coingecko', 'global') }}
),

ranked as (
    select
        *,
        row_number() over (partition by updated_at order by _weir_loaded_at desc) as copy_number
    from unioned
    where updated_at is not null
)

select
    to_timestamp(updated_at) at time zone 'UTC' as snapshot_at,
    cast(to_timestamp(updated_at) at time zone 'UTC' as date) as snapshot_date,
    market_cap_change_percentage_24h_usd as market_cap_change_pct_24h,
    cast({{ json_field('total_market_cap', 'usd') }} as {{ type_float() }}) as total_market_cap_usd
from ranked
where copy_number = 1
