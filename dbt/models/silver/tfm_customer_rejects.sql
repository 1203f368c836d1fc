{{ config(
    materialized=feed_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns'
) }}

with customers as (
    select * from {{ ref('brz_customers') }}
),

rejected as (
    select
        customer_id,
        customer_name,
        project_id,
        engagementid,
        engagement_date,
        engagement_type,
        engagement_reference,
        service,
        sub_service,
        revenue,
        client_revenue,
        revenue_usd,
        employee_count,
        comments,
        'missing_customer_id' as reason,
        etl_timestamp
    from customers
    where
        {{ parse_integer_id(clean_text('customer_id')) }} is null
        {%- if is_incremental() %}
            and etl_timestamp > {{ etl_watermark() }}
        {%- endif %}
)

select * from rejected
