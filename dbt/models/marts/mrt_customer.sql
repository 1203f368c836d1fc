with customers as (
    select * from {{ ref('tfm_customer_info') }}
),

projects as (
    select * from {{ ref('tfm_projects') }}
),

engagements as (
    select * from {{ ref('tfm_customer_engagements') }}
),

project_totals as (
    select
        customer_id,
        count(*) as project_count,
        count(case when project_status = 'active' then 1 end) as active_project_count,
        sum(budget_usd) as total_project_budget_usd,
        max(etl_timestamp) as etl_timestamp
    from projects
    where customer_id is not null
    group by customer_id
),

engagement_totals as (
    select
        customer_id,
        count(*) as engagement_count,
        min(engagement_date) as first_engagement_date,
        max(engagement_date) as last_engagement_date,
        max(etl_timestamp) as etl_timestamp
    from engagements
    group by customer_id
),

customer_summary as (
    select
        customers.customer_id,
        customers.customer_name,
        customers.client_revenue_usd,
        customers.employee_count,
        engagement_totals.first_engagement_date,
        engagement_totals.last_engagement_date,
        coalesce(project_totals.project_count, 0) as project_count,
        coalesce(project_totals.active_project_count, 0) as active_project_count,
        coalesce(project_totals.total_project_budget_usd, 0) as total_project_budget_usd,
        coalesce(engagement_totals.engagement_count, 0) as engagement_count,
        greatest(
            customers.etl_timestamp,
            coalesce(project_totals.etl_timestamp, customers.etl_timestamp),
            coalesce(engagement_totals.etl_timestamp, customers.etl_timestamp)
        ) as etl_timestamp
    from customers
    left join project_totals on customers.customer_id = project_totals.customer_id
    left join engagement_totals on customers.customer_id = engagement_totals.customer_id
)

select
    customer_id,
    customer_name,
    client_revenue_usd,
    employee_count,
    project_count,
    active_project_count,
    total_project_budget_usd,
    engagement_count,
    first_engagement_date,
    last_engagement_date,
    etl_timestamp
from customer_summary
