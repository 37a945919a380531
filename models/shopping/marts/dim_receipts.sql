-- How a purchase was paid for and delivered: one row per combination of payment method, shipping type,
-- discount and promo code that occurs (a junk dimension: a few dozen rows instead of one per purchase).
with receipts as (
    select distinct payment_method, shipping_type, discount_applied, promo_code_used
    from {{ ref('stg_shopping__purchases') }}
)

select
    {{ surrogate_key(['payment_method', 'shipping_type', 'discount_applied', 'promo_code_used']) }} as receipt_key,
    payment_method,
    shipping_type,
    discount_applied,
    promo_code_used
from receipts
