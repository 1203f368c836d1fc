with source_rows as (
    select * from {{ source('raw', 'customers') }}
),

bronze as (
    select
        customer_id,
        customer_name,
        project_id,
        engagementid,
        engagement_date,
        engagement_type,
        engagement_reference,
        service,
        sub_service,
        revenue,
        client_revenue,
        revenue_usd,
        employee_count,
        comments,
        cast(_airbyte_extracted_at as timestamp) as etl_timestamp
    from source_rows
)

select * from bronze
