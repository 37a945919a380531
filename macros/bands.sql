{#- Buckets shared by the e-commerce and customer pipelines; unit-tested at their boundaries. -#}

{#- Age band of a person: under 25, 25-34, 35-44, 45-54, 55-64, 65 and over; unknown when age is null. -#}
{% macro age_band(age) -%}
case
    when {{ age }} is null then 'unknown'
    when {{ age }} < 25 then 'under 25'
    when {{ age }} < 35 then '25-34'
    when {{ age }} < 45 then '35-44'
    when {{ age }} < 55 then '45-54'
    when {{ age }} < 65 then '55-64'
    else '65 and over'
end
{%- endmacro %}

{#- Size band of an order by its total in dollars: small under $50, medium under $200, else large. -#}
{% macro order_size_band(total) -%}
case
    when {{ total }} < 50 then 'small'
    when {{ total }} < 200 then 'medium'
    else 'large'
end
{%- endmacro %}

{#- Segment of a customer by lifetime spend: vip from $1,000, regular from $250, occasional when they
    have ordered at all, else prospect. -#}
{% macro customer_segment(lifetime_spend, order_count) -%}
case
    when {{ lifetime_spend }} >= 1000 then 'vip'
    when {{ lifetime_spend }} >= 250 then 'regular'
    when {{ order_count }} > 0 then 'occasional'
    else 'prospect'
end
{%- endmacro %}
