{#-
    An employee count from cleaned text, commas dropped first: `N`, a range `A-B`
    (spaces around the dash allowed; the upper bound B is taken), `N+` (N) or `~N`
    (spaces after the tilde allowed; N). Anything else is NULL.
-#}
{%- macro parse_employee_count(text) -%}
    {%- set regex_full_match = adapter.dispatch('regex_full_match', 'data_platform') -%}
    {%- set digits = "replace(" ~ text ~ ", ',', '')" -%}
    {%- set count_digits -%}
        case
            when {{ regex_full_match(digits, '[0-9]+') }} then {{ digits }}
            when {{ regex_full_match(digits, '[0-9]+[+]') }} then replace({{ digits }}, '+', '')
            when {{ regex_full_match(digits, '~[[:space:]]*[0-9]+') }} then trim(replace({{ digits }}, '~', ''))
            when {{ regex_full_match(digits, '[0-9]+[[:space:]]*-[[:space:]]*[0-9]+') }}
                then trim(split_part({{ digits }}, '-', 2))
        end
    {%- endset -%}
    {{ try_cast_numeric(count_digits, 0, 0) }}
{%- endmacro -%}
