{{ config(
    materialized=feed_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns'
) }}

with projects as (
    select * from {{ ref('brz_projects') }}
),

rejected as (
    select
        project_id,
        customer_id,
        project_name,
        project_status,
        start_date,
        end_date,
        budget_usd,
        'missing_project_id' as reason,
        etl_timestamp
    from projects
    where
        {{ clean_text('project_id') }} is null
        {%- if is_incremental() %}
            and etl_timestamp > {{ etl_watermark() }}
        {%- endif %}
)

select * from rejected
