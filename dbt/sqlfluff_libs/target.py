"""dbt's `target` as seen by sqlfluff: models are linted as they render for Snowflake."""

type = "snowflake"
name = "prod"
