-- Unit test of the parse_integer_id macro: returns the cases that fail.
with cases as (
    select * from (
        values
            ('42', 42),
            ('0042', 42),
            ('007', 7),
            ('0', 0),
            ('123456789012345678', 123456789012345678),
            ('1234567890123456789', 1234567890123456789),
            ('0000000000000000000042', 42),
            ('99999999999999999999999999999999999999', 99999999999999999999999999999999999999),
            ('999999999999999999999999999999999999999', null),
            ('12a', null),
            ('-5', null),
            ('+5', null),
            ('4 2', null),
            ('1.0', null),
            (null, null)
    ) as id_cases (input_text, expected)
),

results as (
    select
        input_text,
        expected,
        {{ parse_integer_id('input_text') }} as actual
    from cases
)

select * from results
where actual is distinct from cast(expected as numeric(38, 0))
