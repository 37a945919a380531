-- Each cart's line sums equal the totals the API reports for that cart (item count too).
select api.cart_id, api.net_total as api_net, details.net_total, api.item_count as api_items, details.item_count
from {{ ref('stg_carts') }} as api
inner join {{ ref('cart_details') }} as details on details.cart_id = api.cart_id
where api.net_total <> details.net_total
   or api.gross_total <> details.gross_total
   or api.item_count <> details.item_count
   or api.line_count <> details.line_count
