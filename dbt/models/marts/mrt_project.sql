with projects as (
    select * from {{ ref('tfm_projects') }}
),

customers as (
    select * from {{ ref('tfm_customer_info') }}
),

engagements as (
    select * from {{ ref('tfm_customer_engagements') }}
),

engagement_totals as (
    select
        project_id,
        count(*) as engagement_count,
        max(etl_timestamp) as etl_timestamp
    from engagements
    where project_id is not null
    group by project_id
),

project_summary as (
    select
        projects.project_id,
        projects.project_name,
        projects.customer_id,
        customers.customer_name,
        projects.project_status,
        projects.start_date,
        projects.end_date,
        projects.budget_usd,
        datediff('day', projects.start_date, projects.end_date) as duration_days,
        coalesce(engagement_totals.engagement_count, 0) as engagement_count,
        greatest(
            projects.etl_timestamp,
            coalesce(customers.etl_timestamp, projects.etl_timestamp),
            coalesce(engagement_totals.etl_timestamp, projects.etl_timestamp)
        ) as etl_timestamp
    from projects
    left join customers on projects.customer_id = customers.customer_id
    left join engagement_totals on projects.project_id = engagement_totals.project_id
)

select
    project_id,
    project_name,
    customer_id,
    customer_name,
    project_status,
    start_date,
    end_date,
    duration_days,
    budget_usd,
    engagement_count,
    etl_timestamp
from project_summary
