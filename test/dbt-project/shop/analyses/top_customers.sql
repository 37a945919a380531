select customer_id, total_amount
from {{ ref('customer_orders') }}
order by total_amount desc
limit 3
