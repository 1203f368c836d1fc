{#-
    The contract's rule for picking one value where several rows share a key, as a
    window expression over `column`: the first row whose value is non-NULL, with the rows
    of each `partition_by` key sorted by the `order_by` columns descending with NULLs last
    (the parsed date, then the key text), then by the value itself descending.
    Sorting the NULL values of `column` to the end first gives "first non-NULL" without
    IGNORE NULLS, whose syntax differs between Snowflake and DuckDB. NULLs last is spelt
    out because the two engines' default NULL order differs.
-#}
{%- macro first_by_tiebreak(column, partition_by, order_by) -%}
    first_value({{ column }}) over (
        partition by {{ partition_by | join(', ') }}
        order by
            case when {{ column }} is null then 1 else 0 end,
            {%- for order_column in order_by %}
            {{ order_column }} desc nulls last,
            {%- endfor %}
            {{ column }} desc
    )
{%- endmacro -%}
