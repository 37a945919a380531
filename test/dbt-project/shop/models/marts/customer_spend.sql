-- Reads the latest version of dim_customers.
select customer_id, total_amount
from {{ ref('dim_customers') }}
