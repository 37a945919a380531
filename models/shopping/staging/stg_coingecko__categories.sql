-- One row per coin category and snapshot: the daily history files and the API's appended snapshots, each
-- snapshot once (every replay of the recording, and every run within the API's update interval, appends
-- the same snapshot again; the latest load wins). Times are UTC.
with unioned as (
    select id, name, market_cap, market_cap_change_24h, volume_24h, updated_at, _weir_loaded_at
    from {{ source('coingecko', 'categories_history') }}
    union all
    select id, name, market_cap, market_cap_change_24h, volume_24h, updated_at, _weir_loaded_at
    from {{ source('coingecko', 'categories') }}
),

ranked as (
    select
        *,
        row_number() over (partition by id, updated_at order by _weir_loaded_at desc) as copy_number
    from unioned
    where updated_at is not null
)

select
    id as category_id,
    name as category_name,
    updated_at at time zone 'UTC' as snapshot_at,
    cast(updated_at at time zone 'UTC' as date) as snapshot_date,
    market_cap as market_cap_usd,
    market_cap_change_24h as market_cap_change_pct_24h,
    volume_24h as volume_usd_24h
from ranked
where copy_number = 1
