{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns'
) }}

with projects as (
    select * from {{ ref('brz_projects') }}
),

rejected as (
    select
        *,
        'missing_project_id' as reason
    from projects
    where
        {{ clean_text('project_id') }} is null
        {%- if is_incremental() %}
            and etl_timestamp > {{ etl_watermark() }}
        {%- endif %}
)

select * from rejected
