-- Still on version 1, which is past its deprecation date.
select customer_id, order_count
from {{ ref('dim_customers', v=1) }}
