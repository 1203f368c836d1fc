{{ config(
    materialized=feed_materialization(),
    unique_key='project_id',
    on_schema_change='append_new_columns'
) }}

{%- set latest_start_first = ['start_date', 'project_id'] %}

with projects as (
    select * from {{ ref('brz_projects') }}
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
    from projects
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
),

candidate_rows as (
    select * from parsed
    {{ only_keys_changed_since_last_run('parsed', ['project_id']) }}
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
