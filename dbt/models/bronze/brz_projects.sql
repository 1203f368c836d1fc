with source_rows as (
    select * from {{ source('raw', 'projects') }}
),

bronze as (
    select
        project_id,
        customer_id,
        project_name,
        project_status,
        start_date,
        end_date,
        budget_usd,
        cast(_airbyte_extracted_at as timestamp) as etl_timestamp
    from source_rows
)

select * from bronze
