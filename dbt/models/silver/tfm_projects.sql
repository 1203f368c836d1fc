{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key='project_id',
    on_schema_change='append_new_columns'
) }}

{%- set latest_start_first = ['start_date', 'project_id'] %}

with project_rows as (
    select * from {{ ref('tfm_projects_cleansed') }}
),

candidate_rows as (
    select * from project_rows
    {{ only_keys_changed_since_last_run('project_rows', ['project_id']) }}
),

picked as (
    select distinct
        project_id,
        {{ first_by_tiebreak('customer_id', ['project_id'], latest_start_first) }} as customer_id,
        {{ first_by_tiebreak('project_name', ['project_id'], latest_start_first) }} as project_name,
        {{ first_by_tiebreak('project_status', ['project_id'], latest_start_first) }} as project_status,
        {{ first_by_tiebreak('start_date', ['project_id'], latest_start_first) }} as start_date,
        {{ first_by_tiebreak('end_date', ['project_id'], latest_start_first) }} as end_date,
        {{ first_by_tiebreak('budget_usd', ['project_id'], latest_start_first) }} as budget_usd,
        max(etl_timestamp) over (partition by project_id) as etl_timestamp
    from candidate_rows
)

select * from picked
