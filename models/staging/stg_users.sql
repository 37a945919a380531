-- One row per customer, with clean names, a lower-cased email and typed dates.
select
    cast(id as integer) as user_id,
    trim(first_name) as first_name,
    trim(last_name) as last_name,
    trim(first_name) || ' ' || trim(last_name) as full_name,
    lower(trim(email)) as email,
    city,
    country,
    cast(signup_date as date) as signup_date
from {{ ref('raw_users') }}
