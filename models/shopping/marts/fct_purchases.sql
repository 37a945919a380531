-- One row per purchase, with the keys of its customer, item and receipt. The keys are hashes of the same
-- columns the dimensions hash (macros/keys.sql), so no join is needed to find them.
select
    {{ surrogate_key(['customer_id', 'purchase_date']) }} as purchase_key,
    {{ surrogate_key(['customer_id']) }} as customer_key,
    {{ surrogate_key(['item_name', 'category', 'size', 'color']) }} as item_key,
    {{ surrogate_key(['payment_method', 'shipping_type', 'discount_applied', 'promo_code_used']) }} as receipt_key,
    purchase_date,
    season,
    purchase_amount_usd,
    {{ price_point('purchase_amount_usd') }} as price_point,
    review_rating
from {{ ref('stg_shopping__purchases') }}
