{#-
    Dispatched as replace_regex_all(text, pattern, replacement): replaces every match of
    `pattern` in `text`; patterns follow the rules of regex_full_match.
-#}

{%- macro snowflake__replace_regex_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro -%}

{#- DuckDB replaces only the first match unless given the 'g' option. -#}
{%- macro duckdb__replace_regex_all(text, pattern, replacement) -%}
    regexp_replace({{ text }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro -%}
