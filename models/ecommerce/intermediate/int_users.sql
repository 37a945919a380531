-- Every user the shop knows of: those in the /users listing and those only a cart names (the API's
-- listing lacks a few). A cart-only user has just an id; is_listed tells them apart.
with known_ids as (
    select user_id from {{ ref('stg_users') }}
    union
    select user_id from {{ ref('stg_carts') }}
)

select
    known_ids.user_id,
    users.user_id is not null as is_listed,
    users.full_name,
    users.email,
    users.age,
    users.gender,
    users.city,
    users.state,
    users.state_code,
    users.country
from known_ids
left join {{ ref('stg_users') }} as users on users.user_id = known_ids.user_id
