-- Lifetime spend of the customers who ordered, by their city.
select
    city,
    lifetime_value
from {{ ref('dim_users') }}
where order_count > 0
