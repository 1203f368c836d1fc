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
    {%- if is_incremental() %}
        where etl_timestamp > {{ etl_watermark() }}
    {%- endif %}
),

rejected as (
    select
        *,
        'missing_project_id' as reason
    from new_projects
    where {{ clean_text('project_id') }} is null
)

select * from rejected
