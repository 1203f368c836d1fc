{#-
    The newest etl_timestamp already in this incremental model. Rows carry the load
    time of the newest raw row they are built from, so raw rows loaded after the
    watermark are exactly the ones the model has not seen yet.
-#}
{%- macro etl_watermark() -%}
    (select max(previous_run.etl_timestamp) from {{ this }} as previous_run)
{%- endmacro -%}
