-- Spend of the users who bought something, by their city (users missing from the listing have none).
select
    city,
    total_spend
from {{ ref('user_summaries') }}
where cart_count > 0 and city is not null
