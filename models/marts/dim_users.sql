-- One row per customer with their lifetime order history and the region of their country.
with users as (
    select * from {{ ref('stg_users') }}
),

countries as (
    select * from {{ ref('country_codes') }}
),

orders as (
    select
        user_id,
        count(*) as order_count,
        sum(order_total_cents) as lifetime_cents,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date
    from {{ ref('fct_orders') }}
    group by user_id
)

select
    users.user_id,
    users.full_name,
    users.email,
    users.city,
    users.country,
    countries.country_code,
    coalesce(countries.region, 'Unknown') as region,
    users.signup_date,
    orders.first_order_date,
    orders.last_order_date,
    cast(coalesce(orders.order_count, 0) as integer) as order_count,
    {{ cents_to_dollars('coalesce(orders.lifetime_cents, 0)') }} as lifetime_value,
    {{ money(safe_divide('orders.lifetime_cents', 'orders.order_count') ~ ' / 100') }} as average_order_value,
    case
        when orders.order_count is null then 'prospect'
        when orders.order_count = 1 then 'new'
        when orders.lifetime_cents >= 200000 then 'vip'
        else 'returning'
    end as customer_segment
from users
left join countries on countries.country = users.country
left join orders on orders.user_id = users.user_id
