{#-
    One row per project, so an incremental run replaces a changed project's row by
    project_id (delete+insert), which also moves a project that changed customer. The
    post-hook removes projects whose customer is no longer known: the incremental batch
    only holds rows that should exist, so it cannot delete them itself.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='project_id',
    on_schema_change='append_new_columns',
    post_hook="delete from {{ this }} where project_id not in (
        select projects.project_id
        from {{ ref('tfm_projects') }} as projects
        inner join {{ ref('tfm_customer_info') }} as customers on projects.customer_id = customers.customer_id
    )"
) }}

with projects as (
    select * from {{ ref('tfm_projects') }}
),

customers as (
    select * from {{ ref('tfm_customer_info') }}
),

customer_projects as (
    select
        {{ dbt_utils.generate_surrogate_key(['customers.customer_id', 'projects.project_id']) }} as customer_project_sk,
        customers.customer_id,
        customers.customer_name,
        customers.client_revenue_usd,
        customers.employee_count,
        projects.project_id,
        projects.project_name,
        projects.project_status,
        projects.start_date,
        projects.end_date,
        projects.budget_usd,
        greatest(customers.etl_timestamp, projects.etl_timestamp) as etl_timestamp
    from projects
    inner join customers on projects.customer_id = customers.customer_id
)

select * from customer_projects
{{ only_rows_since_last_run() }}
