-- One row per customer, as of their latest purchase: age, social generation (macros/shopping.sql) and the
-- political colour of their state (seeds/us_states.csv; 'unknown' for a location that is not a US state).
with latest_purchase as (
    select
        *,
        row_number() over (partition by customer_id order by purchase_date desc) as recency
    from {{ ref('stg_shopping__purchases') }}
)

select
    {{ surrogate_key(['p.customer_id']) }} as customer_key,
    p.customer_id,
    p.age,
    {{ social_generation('p.age', 'p.purchase_date') }} as generation,
    p.gender,
    p.state,
    s.state_code,
    coalesce(s.political_colour, 'unknown') as political_colour,
    p.is_subscribed,
    p.previous_purchases,
    p.purchase_frequency
from latest_purchase as p
left join {{ ref('us_states') }} as s on s.state = p.state
where p.recency = 1
