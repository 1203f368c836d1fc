{#-
    What an incremental run rebuilds. Rows carry the load time of the newest raw row they
    are built from (etl_timestamp), so raw rows loaded after the model's newest
    etl_timestamp (its watermark) are exactly the ones it has not seen yet. A model with
    no rows yet (no rejects in the first batches) has no newest etl_timestamp: every row
    is newer than the watermark then, not none (a comparison with NULL is never true).
-#}

{%- macro etl_watermark() -%}
    (
        select coalesce(max(previous_run.etl_timestamp), cast('1900-01-01 00:00:00' as timestamp))
        from {{ this }} as previous_run
    )
{%- endmacro -%}

{#-
    On an incremental run, keeps the rows newer than the watermark: a `where` on the
    `etl_timestamp` of the relation selected from. Renders nothing on a full build.
-#}
{%- macro only_rows_since_last_run() -%}
    {%- if is_incremental() -%}
    where etl_timestamp > {{ etl_watermark() }}
    {%- endif -%}
{%- endmacro -%}

{#-
    On an incremental run, keeps the rows of `rows` whose key also has a row loaded after
    the watermark: a key is rebuilt from all of its rows, old and new, because the
    tie-break rule looks at every candidate row. Renders nothing on a full build.
-#}
{%- macro only_keys_changed_since_last_run(rows, key_columns) -%}
    {%- if is_incremental() -%}
    where exists (
        select 1
        from {{ rows }} as newer_rows
        where
            newer_rows.etl_timestamp > {{ etl_watermark() }}
            {%- for key in key_columns %}
            and newer_rows.{{ key }} = {{ rows }}.{{ key }}
            {%- endfor %}
    )
    {%- endif -%}
{%- endmacro -%}
