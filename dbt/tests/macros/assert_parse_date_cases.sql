-- Unit test of the parse_date macro: returns the cases that fail.
with cases as (
    select * from (
        values
            ('2024-03-15', '2024-03-15'),
            ('2024/03/15', '2024-03-15'),
            ('03/15/2024', '2024-03-15'),
            ('15.03.2024', '2024-03-15'),
            ('04/05/2024', '2024-04-05'),
            ('04.05.2024', '2024-05-04'),
            ('2024-03-15T10:20:30', '2024-03-15'),
            ('2024-03-15T10:20:30Z', '2024-03-15'),
            ('2024-02-29', '2024-02-29'),
            ('2023-02-29', null),
            ('2023-02-30', null),
            ('02/30/2023', null),
            ('30.02.2023', null),
            ('2023/13/01', null),
            ('15/03/2024', null),
            ('2024-3-5', null),
            ('2024-03-15 10:20:30', null),
            ('2024-03-15T10:20', null),
            ('yesterday', null),
            (null, null)
    ) as date_cases (input_text, expected)
),

results as (
    select
        input_text,
        expected,
        {{ parse_date('input_text') }} as actual
    from cases
)

select * from results
where actual is distinct from cast(expected as date)
