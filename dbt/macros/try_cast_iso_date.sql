{#-
    Dispatched as try_cast_iso_date(iso_text): a `YYYY-MM-DD` text as a date, NULL when it
    is not a real calendar date (2023-02-30).
-#}

{#- An explicit format, so the session's DATE_INPUT_FORMAT cannot change the result. -#}
{%- macro snowflake__try_cast_iso_date(iso_text) -%}
    try_to_date({{ iso_text }}, 'YYYY-MM-DD')
{%- endmacro -%}

{%- macro duckdb__try_cast_iso_date(iso_text) -%}
    try_cast({{ iso_text }} as date)
{%- endmacro -%}
