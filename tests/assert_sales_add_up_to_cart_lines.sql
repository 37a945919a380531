-- Every mart that sums money must add up to the cart lines it came from: per category, per user and
-- per cart, and the cart totals must match the totals the API reported. Returns the sums that differ.
with lines as (
    select sum(net_amount) as net, sum(gross_amount) as gross from {{ ref('stg_cart_lines') }}
),

totals as (
    select 'category_sales_summary' as mart, sum(total_sales) as net, sum(gross_sales) as gross from {{ ref('category_sales_summary') }}
    union all
    select 'user_summaries', sum(total_spend), sum(gross_spend) from {{ ref('user_summaries') }}
    union all
    select 'cart_details', sum(net_total), sum(gross_total) from {{ ref('cart_details') }}
    union all
    select 'user_transactions', sum(net_total), sum(gross_total) from {{ ref('user_transactions') }}
    union all
    select 'stg_carts (API totals)', sum(net_total), sum(gross_total) from {{ ref('stg_carts') }}
)

select totals.mart, totals.net, lines.net as lines_net, totals.gross, lines.gross as lines_gross
from totals
cross join lines
where totals.net <> lines.net or totals.gross <> lines.gross
