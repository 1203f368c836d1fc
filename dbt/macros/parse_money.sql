{#-
    Money from cleaned text, one parser for revenue, client_revenue, revenue_usd and
    budget_usd: a leading `$`, a trailing `USD` (any case, with or without a space) and
    every comma are dropped, then `-?[0-9]+(.[0-9]+)?` with an optional K/M/B suffix
    (any case) scales by 1e3/1e6/1e9. The result is numeric(18, 2), rounded half away
    from zero (round() on a fixed-point number does that on Snowflake and DuckDB).
    Anything else is NULL, never an error, and so is a value whose rounded result would
    not fit numeric(18, 2).

    `scaled` applies the suffix by moving the decimal point in the text, which is exact,
    and keeps three decimals: rounding half away from zero to two decimals depends on the
    third and none after it. A number of at most 15 integer digits then fits
    numeric(18, 3), where round() is cheap; DuckDB rounds a numeric wider than 18 digits
    about 100 times slower (0.8 s per million values). Longer numbers take `wide`: there
    `largest_unscaled` is 9999999999999999.995 divided by the multiplier, and a number at
    or above it is NULL before it is multiplied. The text of `scaled` is NULL when the
    number is not one of the forms above (concatenating NULL), rather than wrapped in a
    CASE, so that DuckDB computes what it repeats once.
-#}
{%- macro parse_money(text) -%}
    {%- set regex_full_match = adapter.dispatch('regex_full_match', 'data_platform') -%}
    {%- set bare_number -%}
        trim(replace(regexp_replace(regexp_replace(upper({{ text }}), '^[$]', ''), '[[:space:]]*USD$', ''), ',', ''))
    {%- endset -%}
    {%- set is_money = regex_full_match(bare_number, '-?[0-9]+([.][0-9]+)?[KMB]?') -%}
    {%- set number = "regexp_replace(" ~ bare_number ~ ", '[KMB]$', '')" -%}
    {%- set shift = "cast(3 * position(right(" ~ bare_number ~ ", 1) in 'KMB') as integer)" -%}
    {%- set fraction_digits = "rpad(split_part(" ~ number ~ ", '.', 2), " ~ shift ~ " + 3, '0')" -%}
    {%- set scaled -%}
        split_part({{ number }}, '.', 1) || left({{ fraction_digits }}, {{ shift }}) || '.' || right({{ fraction_digits }}, 3)
        || case when {{ is_money }} then '' end
    {%- endset -%}
    {%- set multiplier -%}
        case right({{ bare_number }}, 1) when 'K' then 1000 when 'M' then 1000000 when 'B' then 1000000000 else 1 end
    {%- endset -%}
    {%- set largest_unscaled -%}
        case right({{ bare_number }}, 1)
            when 'K' then 9999999999999.999995
            when 'M' then 9999999999.999999995
            when 'B' then 9999999.999999999995
            else 9999999999999999.995
        end
    {%- endset -%}
    {%- set unscaled -%}
        {{ try_cast_numeric(number, 20, 8) }}
    {%- endset -%}
    coalesce(
        cast(round(try_cast({{ scaled }} as numeric(18, 3)), 2) as numeric(18, 2)),
        case
            when {{ is_money }}
                then cast(
                    round(case when abs({{ unscaled }}) < {{ largest_unscaled }} then {{ unscaled }} end * {{ multiplier }}, 2)
                    as numeric(18, 2)
                )
        end
    )
{%- endmacro -%}
