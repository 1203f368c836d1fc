{#-
    Models that grow with the feed are incremental on the warehouse and plain tables on
    the local DuckDB run, which always starts from an empty in-memory database.
-#}
{%- macro feed_materialization() -%}
    {{ 'table' if target.type == 'duckdb' else 'incremental' }}
{%- endmacro -%}
