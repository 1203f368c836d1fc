{#-
    True when the whole of `text` matches `pattern`.
    Patterns are written without backslashes (use `[.]`, `[$]`, `[[:space:]]`): Snowflake
    string literals treat a backslash as an escape character and DuckDB's do not.
-#}
{%- macro regex_full_match(text, pattern) -%}
    {{ adapter.dispatch('regex_full_match', 'data_platform')(text, pattern) }}
{%- endmacro -%}

{#- Snowflake's regexp_like anchors the pattern at both ends. -#}
{%- macro snowflake__regex_full_match(text, pattern) -%}
    regexp_like({{ text }}, '{{ pattern }}')
{%- endmacro -%}

{%- macro duckdb__regex_full_match(text, pattern) -%}
    regexp_full_match({{ text }}, '{{ pattern }}')
{%- endmacro -%}
