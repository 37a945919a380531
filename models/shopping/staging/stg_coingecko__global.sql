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

{#- Seconds after 1970-01-01 UTC, spelt the same on every engine (to_timestamp is not Trino's). -#}
{%- set snapshot_at = dateadd('second', 'updated_at', "cast('1970-01-01 00:00:00' as " ~ type_timestamp() ~ ")") %}
select
    {{ snapshot_at }} as snapshot_at,
    cast({{ snapshot_at }} as date) as snapshot_date,
    market_cap_change_percentage_24h_usd as market_cap_change_pct_24h,
    cast({{ json_field('total_market_cap', 'usd') }} as {{ type_float() }}) as total_market_cap_usd
from ranked
where copy_number = 1
