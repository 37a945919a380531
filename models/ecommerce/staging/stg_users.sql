-- One row per user of the dummyjson listing, the address flattened. Personal secrets the API hands
-- out (password, ssn, ein, bank card and iban, ip and mac address, crypto wallet, user agent) are
-- dropped here, so nothing downstream can leak them.
select
    cast(id as {{ type_int() }}) as user_id,
    "firstName" as first_name,
    "lastName" as last_name,
    {{ concat(['"firstName"', "' '", '"lastName"']) }} as full_name,
    lower(email) as email,
    username,
    cast(age as {{ type_int() }}) as age,
    gender,
    cast("birthDate" as date) as birth_date,
    {{ json_field('address', 'address') }} as street,
    {{ json_field('address', 'city') }} as city,
    {{ json_field('address', 'state') }} as state,
    {{ json_field('address', 'stateCode') }} as state_code,
    {{ json_field('address', 'postalCode') }} as postal_code,
    {{ json_field('address', 'country') }} as country,
    {{ json_field('company', 'name') }} as company_name,
    {{ json_field('company', 'department') }} as department,
    {{ json_field('company', 'title') }} as job_title,
    role
from {{ source('dummyjson', 'users') }}
