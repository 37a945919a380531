-- Refunds are recorded as returns, never as negative amounts.
-- stg_orders is private to the finance group, so the test joins it.
{{ config(group='finance') }}
select order_id, amount
from {{ ref('stg_orders') }}
where amount < 0
