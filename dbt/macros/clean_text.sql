{#-
    Contract cleansing rules 1-2, applied to every raw text column before parsing:
    white space runs collapse to one space, the ends are trimmed, and the empty string
    and the null tokens (var `null_tokens`, any case) become NULL.
    White space is collapsed before trimming because trim() only removes spaces.
    The tokens are compared one by one rather than with IN: DuckDB turns an IN list into a
    join that collapses every value once more (measured: 40 % of the cleansing time).
-#}
{%- macro clean_text(text) -%}
    {%- set replace_regex_all = adapter.dispatch('replace_regex_all', 'data_platform') -%}
    {%- set collapsed = "trim(" ~ replace_regex_all(text, '[[:space:]]+', ' ') ~ ")" -%}
    case
        when upper({{ collapsed }}) = ''{% for token in var('null_tokens') %} or upper({{ collapsed }}) = '{{ token }}'{% endfor %} then null
        else {{ collapsed }}
    end
{%- endmacro -%}
