-- How and when each customer orders: tenure in days and months, the day a next order is due
-- (30 days after the last), the categories they bought, and a pseudonymous key. Uses weir's
-- cross-database macros, so it builds the same on DuckDB and PostgreSQL.
with orders as (
    select * from {{ ref('fct_orders') }}
),

lines as (
    select distinct user_id, category from {{ ref('int_cart_lines') }}
),

categories as (
    select user_id, {{ string_agg('category', "', '", 'order by category') }} as categories_bought
    from lines
    group by user_id
),

per_user as (
    select
        user_id,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        count(*) as order_count
    from orders
    group by user_id
)

select
    users.user_id,
    {{ hash('users.email') }} as user_key,
    {{ split_part('users.email', "'@'", 2) }} as email_domain,
    {{ concat(['users.city', "', '", 'users.country']) }} as location,
    per_user.first_order_date,
    per_user.last_order_date,
    cast(per_user.order_count as {{ type_int() }}) as order_count,
    {{ datediff('per_user.first_order_date', 'per_user.last_order_date', 'day') }} as active_days,
    {{ datediff('users.signup_date', 'per_user.first_order_date', 'month') }} as months_to_first_order,
    cast({{ dateadd('day', 30, 'per_user.last_order_date') }} as date) as next_order_due,
    cast({{ date_trunc('month', 'per_user.first_order_date') }} as date) as first_order_month,
    categories.categories_bought
from {{ ref('stg_users') }} as users
inner join per_user on per_user.user_id = users.user_id
left join categories on categories.user_id = users.user_id
