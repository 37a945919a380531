-- Do red states shop more on days Trump-themed coins rally? Per day: the share of purchases (percent) from
-- customers in states that voted red in 2020, beside the Trump-themed category's 24-hour market-cap change.
select purchase_date, trump_change_pct_24h, red_state_share
from {{ ref('shopping_days') }}
