-- Unit test of the parse_employee_count macro: returns the cases that fail.
with cases as (
    select * from (
        values
            ('300', 300),
            ('1,200', 1200),
            ('50-100', 100),
            ('50 - 100', 100),
            ('1,000-2,000', 2000),
            ('500+', 500),
            ('~300', 300),
            ('~ 300', 300),
            ('0042', 42),
            ('1,234,567,890,123,456,789', 1234567890123456789),
            ('~ 1234567890123456789', 1234567890123456789),
            ('many', null),
            ('-5', null),
            ('50-', null),
            ('~', null),
            ('1.5', null),
            ('500 +', null),
            (null, null)
    ) as employee_count_cases (input_text, expected)
),

results as (
    select
        input_text,
        expected,
        {{ parse_employee_count('input_text') }} as actual
    from cases
)

select * from results
where actual is distinct from cast(expected as numeric(38, 0))
