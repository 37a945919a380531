-- Orders that can be counted: rows missing the customer, quantity or price are left out, and an
-- order exported twice is kept once. Orders of customers the CRM lacks stay here (counted in
-- customer_data_quality) and drop out when merged into customer_orders.
with complete as (
    select *
    from {{ source('crm', 'orders') }}
    where order_id is not null and customer_id is not null and quantity is not null and unit_price is not null
),

ranked as (
    select
        *,
        row_number() over (partition by order_id order by order_date, product) as copy_rank
    from complete
)

select
    cast(order_id as {{ type_int() }}) as order_id,
    cast(customer_id as {{ type_int() }}) as customer_id,
    cast(order_date as date) as order_date,
    product,
    category,
    cast(quantity as {{ type_int() }}) as quantity,
    cast(unit_price as decimal(18,2)) as unit_price
from ranked
where copy_rank = 1
