{#-
    Rebuilt per engagement (delete+insert on the engagement key) rather than merged on
    the grain: sub_service may be NULL, and a merge never matches NULL keys.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['customer_id', 'engagementid'],
    on_schema_change='append_new_columns'
) }}

with customer_rows as (
    select * from {{ ref('tfm_customers_cleansed') }}
),

service_rows as (
    select * from customer_rows
    where engagementid is not null and service is not null
),

candidate_rows as (
    select * from service_rows
    {{ only_keys_changed_since_last_run('service_rows', ['customer_id', 'engagementid']) }}
),

engagement_services as (
    select
        customer_id,
        engagementid,
        service,
        sub_service,
        max(etl_timestamp) as etl_timestamp
    from candidate_rows
    group by customer_id, engagementid, service, sub_service
)

select * from engagement_services
