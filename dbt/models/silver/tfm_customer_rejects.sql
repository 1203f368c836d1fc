{#-
    The id is cleansed in a step of its own, so that parsing it reads the cleansed text
    instead of cleansing it again for every test the parser makes.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns'
) }}

with customers as (
    select * from {{ ref('brz_customers') }}
),

new_customers as (
    select * from customers
    {{ only_rows_since_last_run() }}
),

cleansed_ids as (
    select
        *,
        {{ clean_text('customer_id') }} as cleansed_customer_id
    from new_customers
),

rejected as (
    select
        * exclude (cleansed_customer_id),
        'missing_customer_id' as reason
    from cleansed_ids
    where {{ parse_integer_id('cleansed_customer_id') }} is null
)

select * from rejected
