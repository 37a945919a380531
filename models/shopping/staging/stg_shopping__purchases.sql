-- One row per purchase of the shopping-behaviour CSV (columns renamed as they load, see sources/shopping.yml).
-- The data set has one purchase per customer; a purchase is identified by its customer and day.
select
    customer_id,
    purchase_date,
    age,
    gender,
    location as state,
    item_purchased as item_name,
    category,
    size,
    color,
    season,
    purchase_amount_usd,
    review_rating,
    {{ yes_no('subscription_status') }} as is_subscribed,
    shipping_type,
    {{ yes_no('discount_applied') }} as discount_applied,
    {{ yes_no('promo_code_used') }} as promo_code_used,
    previous_purchases,
    payment_method,
    frequency_of_purchases as purchase_frequency
from {{ source('shopping', 'purchases') }}
