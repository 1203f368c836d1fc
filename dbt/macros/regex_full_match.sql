{#-
    Dispatched as regex_full_match(text, pattern): true when the whole of `text` matches
    `pattern`. Patterns are written without backslashes (use `[.]`, `[$]`, `[[:space:]]`):
    Snowflake string literals treat a backslash as an escape character, DuckDB's do not.
-#}

{#- Snowflake's regexp_like anchors the pattern at both ends. -#}
{%- macro snowflake__regex_full_match(text, pattern) -%}
    regexp_like({{ text }}, '{{ pattern }}')
{%- endmacro -%}

{%- macro duckdb__regex_full_match(text, pattern) -%}
    regexp_full_match({{ text }}, '{{ pattern }}')
{%- endmacro -%}
