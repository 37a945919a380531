-- Clothing or accessories: does the mix follow real-world-asset (RWA) coins? Per day: accessories' share
-- (percent) of the clothing and accessories purchases, beside the RWA category's 24-hour market-cap change.
select purchase_date, rwa_change_pct_24h, accessories_purchases, clothing_purchases, accessories_share
from {{ ref('shopping_days') }}
