{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns'
) }}

with customers as (
    select * from {{ ref('brz_customers') }}
),

rejected as (
    select
        *,
        'missing_customer_id' as reason
    from customers
    where
        {{ parse_integer_id(clean_text('customer_id')) }} is null
        {%- if is_incremental() %}
            and etl_timestamp > {{ etl_watermark() }}
        {%- endif %}
)

select * from rejected
