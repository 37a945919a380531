-- Each customer with an age group and a segment from what they have ordered.
with spend as (
    select
        customer_id,
        count(*) as order_count,
        sum(order_total) as lifetime_spend
    from {{ ref('orders_enriched') }}
    group by customer_id
)

select
    customers.customer_id,
    customers.customer_name,
    customers.email,
    customers.age,
    {{ age_band('customers.age') }} as age_group,
    customers.city,
    customers.signup_date,
    cast(coalesce(spend.order_count, 0) as {{ type_int() }}) as order_count,
    cast(coalesce(spend.lifetime_spend, 0) as decimal(18,2)) as lifetime_spend,
    {{ customer_segment('coalesce(spend.lifetime_spend, 0)', 'coalesce(spend.order_count, 0)') }} as customer_segment
from {{ ref('stg_customers') }} as customers
left join spend on spend.customer_id = customers.customer_id
