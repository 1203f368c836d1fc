{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key='customer_id',
    on_schema_change='append_new_columns'
) }}

{%- set latest_engagement_first = ['engagement_date', 'engagementid'] %}

with customer_rows as (
    select * from {{ ref('tfm_customers_cleansed') }}
),

candidate_rows as (
    select * from customer_rows
    {{ only_keys_changed_since_last_run('customer_rows', ['customer_id']) }}
),

customer_info as (
    select distinct
        customer_id,
        {{ first_by_tiebreak('customer_name', ['customer_id'], latest_engagement_first) }} as customer_name,
        {{ first_by_tiebreak('client_revenue_usd', ['customer_id'], latest_engagement_first) }} as client_revenue_usd,
        {{ first_by_tiebreak('employee_count', ['customer_id'], latest_engagement_first) }} as employee_count,
        max(etl_timestamp) over (partition by customer_id) as etl_timestamp
    from candidate_rows
)

select * from customer_info
