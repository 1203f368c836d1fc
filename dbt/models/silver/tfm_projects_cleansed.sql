{#-
    Cleansed once per raw row, like tfm_customers_cleansed: tfm_projects picks its values
    from these rows, and a batch cleanses only the rows loaded since the last run instead
    of the whole feed again.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    tags=['intermediate']
) }}

with projects as (
    select * from {{ ref('brz_projects') }}
),

new_projects as (
    select * from projects
    {{ only_rows_since_last_run() }}
),

cleaned as (
    select
        {{ clean_text('project_id') }} as project_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('project_name') }} as project_name,
        {{ clean_text('project_status') }} as project_status,
        {{ clean_text('start_date') }} as start_date,
        {{ clean_text('end_date') }} as end_date,
        {{ clean_text('budget_usd') }} as budget_usd,
        etl_timestamp
    from new_projects
),

parsed as (
    select
        project_id,
        project_name,
        etl_timestamp,
        {{ parse_integer_id('customer_id') }} as customer_id,
        lower(project_status) as project_status,
        {{ parse_date('start_date') }} as start_date,
        {{ parse_date('end_date') }} as end_date,
        {{ parse_money('budget_usd') }} as budget_usd
    from cleaned
    where project_id is not null
)

select * from parsed
