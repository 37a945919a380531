-- Do shoppers buy dearer things on days the crypto market rises? Per day: the premium share of purchases
-- (percent of purchases of $70 and more), beside the whole market's 24-hour market-cap change.
select purchase_date, global_change_pct_24h, premium_share
from {{ ref('shopping_days') }}
