{#- Derived columns of the shopping star schema (models/marts/_star_schema.yml tests them). -#}

{#- The social generation of a customer of `age` on `on_date`, by birth year = year of on_date - age (the
    year they turned that age: a customer whose birthday is still to come that year is counted a year
    younger). Boundaries are Pew Research Center's: Silent 1928-1945, Baby Boomers 1946-1964, Gen X
    1965-1980, Millennials 1981-1996, Gen Z 1997-2012. Adults born after 2012 do not exist yet, so every
    birth year from 1997 is Gen Z and every one before 1946 Silent. -#}
{% macro social_generation(age, on_date) -%}
case
    when {{ age }} is null or {{ on_date }} is null then null
    when extract(year from {{ on_date }}) - {{ age }} >= 1997 then 'Gen Z'
    when extract(year from {{ on_date }}) - {{ age }} >= 1981 then 'Millennials'
    when extract(year from {{ on_date }}) - {{ age }} >= 1965 then 'Gen X'
    when extract(year from {{ on_date }}) - {{ age }} >= 1946 then 'Baby Boomers'
    else 'Silent'
end
{%- endmacro %}

{#- The price point of a purchase amount in US dollars: budget under $40, mid-range $40 to under $70,
    premium $70 and more (the data set's amounts run from $20 to $100). -#}
{% macro price_point(amount) -%}
case
    when {{ amount }} is null then null
    when {{ amount }} < 40 then 'budget'
    when {{ amount }} < 70 then 'mid-range'
    else 'premium'
end
{%- endmacro %}

{#- 'Yes'/'No' text as a boolean (null for anything else). -#}
{% macro yes_no(column) -%}
case lower(trim({{ column }})) when 'yes' then true when 'no' then false end
{%- endmacro %}
