{#-
    An integer id from cleaned text: `^[0-9]+$` (leading zeros allowed, "0042" is 42),
    else NULL. try_cast keeps an id too long for numeric(38, 0) from failing the model.
-#}
{%- macro parse_integer_id(text) -%}
    {%- set regex_full_match = adapter.dispatch('regex_full_match', 'data_platform') -%}
    case
        when {{ regex_full_match(text, '[0-9]+') }} then {{ try_cast_numeric(text, 0, 0) }}
    end
{%- endmacro -%}
