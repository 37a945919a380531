-- Customers as the CRM knows them now: rows missing the id or the email are left out, and of the
-- rows of one customer (exact duplicates, or re-exports after a change) the latest updated_at wins.
-- customer_data_quality counts what was removed.
with complete as (
    select *
    from {{ source('crm', 'customers') }}
    where customer_id is not null and email is not null
),

ranked as (
    select
        *,
        row_number() over (partition by customer_id order by updated_at desc) as version_rank
    from complete
)

select
    cast(customer_id as {{ type_int() }}) as customer_id,
    first_name,
    last_name,
    {{ concat(['first_name', "' '", 'last_name']) }} as customer_name,
    lower(email) as email,
    cast(age as {{ type_int() }}) as age,
    city,
    cast(signup_date as date) as signup_date,
    cast(updated_at as {{ type_timestamp() }}) as updated_at
from ranked
where version_rank = 1
