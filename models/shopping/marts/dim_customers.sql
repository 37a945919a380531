-- One row per customer, as of their latest purchase (a customer buys at most once a day: staging's key is
-- customer and day): age, social generation (macros/shopping.sql) and the political colour of their state
-- (seeds/us_states.csv; 'unknown' for a location that is not a US state). The latest purchase is found with
-- an aggregate and a join, which DuckDB spills to disk under a memory_limit, rather than a window function.
with purchases as (
    select * from {{ ref('stg_shopping__purchases') }}
),

latest as (
    select customer_id, max(purchase_date) as purchase_date
    from purchases
    group by customer_id
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
from purchases as p
join latest as l on l.customer_id = p.customer_id and l.purchase_date = p.purchase_date
left join {{ ref('us_states') }} as s on s.state = p.state
