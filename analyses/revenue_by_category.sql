-- What each cart line brings in, by product category: do some categories sell bigger lines?
select
    category,
    net_amount
from {{ ref('enriched_transactions') }}
