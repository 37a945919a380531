-- Spend of the users who bought something, by age band: do older customers spend more?
select
    age_band,
    total_spend
from {{ ref('user_summaries') }}
where cart_count > 0 and age_band <> 'unknown'
