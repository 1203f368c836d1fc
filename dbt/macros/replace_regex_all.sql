{#- Replaces every match of `pattern` in `text`; same pattern rules as regex_full_match. -#}
{%- macro replace_regex_all(text, pattern, replacement) -%}
    {{ adapter.dispatch('replace_regex_all', 'data_platform')(text, pattern, replacement) }}
{%- endmacro -%}

{%- macro snowflake__replace_regex_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro -%}

{#- DuckDB replaces only the first match unless given the 'g' option. -#}
{%- macro duckdb__replace_regex_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro -%}
