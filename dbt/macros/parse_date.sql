{#-
    A date from cleaned text in one of the contract's forms: YYYY-MM-DD, YYYY/MM/DD,
    MM/DD/YYYY, DD.MM.YYYY (told apart from MM/DD/YYYY by the separator), or
    YYYY-MM-DDTHH:MM:SS with an optional Z (the date part is taken). Each form is
    rewritten to YYYY-MM-DD and then checked to be a real calendar date, else NULL.
-#}
{%- macro parse_date(text) -%}
    {%- set regex_full_match = adapter.dispatch('regex_full_match', 'data_platform') -%}
    {%- set try_cast_iso_date = adapter.dispatch('try_cast_iso_date', 'data_platform') -%}
    {%- set iso_text -%}
        case
            when {{ regex_full_match(text, '[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z?)?') }}
                then substr({{ text }}, 1, 10)
            when {{ regex_full_match(text, '[0-9]{4}/[0-9]{2}/[0-9]{2}') }}
                then replace({{ text }}, '/', '-')
            when {{ regex_full_match(text, '[0-9]{2}/[0-9]{2}/[0-9]{4}') }}
                then substr({{ text }}, 7, 4) || '-' || substr({{ text }}, 1, 2) || '-' || substr({{ text }}, 4, 2)
            when {{ regex_full_match(text, '[0-9]{2}[.][0-9]{2}[.][0-9]{4}') }}
                then substr({{ text }}, 7, 4) || '-' || substr({{ text }}, 4, 2) || '-' || substr({{ text }}, 1, 2)
        end
    {%- endset -%}
    {{ try_cast_iso_date(iso_text) }}
{%- endmacro -%}
