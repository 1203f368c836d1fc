{#-
    Cleansed once per raw row: the four silver customer models read these rows instead of
    each cleansing every raw row again in every run. Appended incrementally, so a batch
    cleanses only the rows loaded since the last run.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    tags=['intermediate']
) }}

with customers as (
    select * from {{ ref('brz_customers') }}
),

new_customers as (
    select * from customers
    {{ only_rows_since_last_run() }}
),

cleaned as (
    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('customer_name') }} as customer_name,
        {{ clean_text('project_id') }} as project_id,
        {{ clean_text('engagementid') }} as engagementid,
        {{ clean_text('engagement_date') }} as engagement_date,
        {{ clean_text('engagement_type') }} as engagement_type,
        {{ clean_text('engagement_reference') }} as engagement_reference,
        {{ clean_text('service') }} as service,
        {{ clean_text('sub_service') }} as sub_service,
        {{ clean_text('revenue') }} as revenue,
        {{ clean_text('client_revenue') }} as client_revenue,
        {{ clean_text('revenue_usd') }} as revenue_usd,
        {{ clean_text('employee_count') }} as employee_count,
        etl_timestamp
    from new_customers
),

parsed as (
    select
        customer_name,
        project_id,
        engagementid,
        engagement_type,
        engagement_reference,
        service,
        sub_service,
        etl_timestamp,
        {{ parse_integer_id('customer_id') }} as customer_id,
        {{ parse_date('engagement_date') }} as engagement_date,
        coalesce(
            {{ parse_money('revenue_usd') }},
            {{ parse_money('client_revenue') }},
            {{ parse_money('revenue') }}
        ) as client_revenue_usd,
        {{ parse_employee_count('employee_count') }} as employee_count
    from cleaned
),

accepted as (
    select * from parsed
    where customer_id is not null
)

select * from accepted
