{#-
    The contract's rule for picking one value where several rows share a key, as a
    window expression over `column`: the first row whose value is non-NULL, in the order
    date descending (NULLs last), key text descending, the value itself descending.
    Sorting the NULL values of `column` to the end first gives "first non-NULL" without
    IGNORE NULLS, whose syntax differs between Snowflake and DuckDB. The key's NULLs sort
    last too, so both engines (whose default NULL order differs) agree.
-#}
{%- macro first_by_tiebreak(column, partition_by, order_date, order_key) -%}
    first_value({{ column }}) over (
        partition by {{ partition_by | join(', ') }}
        order by
            case when {{ column }} is null then 1 else 0 end,
            {{ order_date }} desc nulls last,
            {{ order_key }} desc nulls last,
            {{ column }} desc
    )
{%- endmacro -%}
