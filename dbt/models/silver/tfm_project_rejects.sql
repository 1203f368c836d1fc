{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns'
) }}

with projects as (
    select * from {{ ref('brz_projects') }}
),

new_projects as (
    select * from projects
    {{ only_rows_since_last_run() }}
),

rejected as (
    select
        *,
        'missing_project_id' as reason
    from new_projects
    where {{ clean_text('project_id') }} is null
)

select * from rejected
