-- Do younger generations buy more on days meme coins rally? Per day: each generation's share of the
-- purchases (percent), beside the meme-token category's 24-hour market-cap change.
select purchase_date, meme_change_pct_24h, gen_z_share, millennials_share, gen_x_share, baby_boomers_share
from {{ ref('shopping_days') }}
