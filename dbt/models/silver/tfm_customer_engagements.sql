{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key=['customer_id', 'engagementid'],
    on_schema_change='append_new_columns'
) }}

{%- set engagement_key = ['customer_id', 'engagementid'] %}
{%- set latest_first = ['engagement_date', 'engagementid'] %}

with customer_rows as (
    select * from {{ ref('tfm_customers_cleansed') }}
),

engagement_rows as (
    select * from customer_rows
    where engagementid is not null
),

candidate_rows as (
    select * from engagement_rows
    {{ only_keys_changed_since_last_run('engagement_rows', engagement_key) }}
),

engagements as (
    select distinct
        customer_id,
        engagementid,
        {{ first_by_tiebreak('project_id', engagement_key, latest_first) }} as project_id,
        {{ first_by_tiebreak('engagement_date', engagement_key, latest_first) }} as engagement_date,
        {{ first_by_tiebreak('engagement_type', engagement_key, latest_first) }} as engagement_type,
        {{ first_by_tiebreak('engagement_reference', engagement_key, latest_first) }} as engagement_reference,
        max(etl_timestamp) over (partition by customer_id, engagementid) as etl_timestamp
    from candidate_rows
)

select * from engagements
