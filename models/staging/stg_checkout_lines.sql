-- One row per line of a checkout event as the storefront's webhook delivered it (a JSON document per
-- event). Written once for every engine with weir's cross-database macros: json_field reads a field,
-- unnest_json_array turns its items array into rows, safe_cast turns a malformed quantity into null.
select
    events.event_id,
    cast(events.received_at as {{ type_timestamp() }}) as received_at,
    cast({{ json_field('events.payload', 'cart_id') }} as {{ type_int() }}) as cart_id,
    cast({{ json_field('events.payload', 'user.id') }} as {{ type_int() }}) as user_id,
    {{ json_field('events.payload', 'user.device') }} as device,
    {{ json_field('item', 'sku') }} as sku,
    {{ safe_cast(json_field('item', 'qty'), type_int()) }} as quantity,
    cast({{ json_field('item', 'unit_price') }} as decimal(10,2)) as unit_price
from {{ ref('raw_checkout_events') }} as events
{{ unnest_json_array('events.payload', 'item', 'items') }}
