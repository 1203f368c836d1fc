-- Unit test of the parse_money macro: returns the cases that fail.
with cases as (
    select * from (
        values
            ('1200.5', '1200.50'),
            ('$1,200.50', '1200.50'),
            ('1,200.50 USD', '1200.50'),
            ('1,200.50USD', '1200.50'),
            ('1,200.50 usd', '1200.50'),
            ('$1,200.50 USD', '1200.50'),
            ('1.2K', '1200.00'),
            ('1.2k', '1200.00'),
            ('3m', '3000000.00'),
            ('2B', '2000000000.00'),
            ('-500', '-500.00'),
            ('$-12.5', '-12.50'),
            ('1.005', '1.01'),
            ('-1.005', '-1.01'),
            ('2.345', '2.35'),
            ('2.344', '2.34'),
            ('1.234565K', '1234.57'),
            ('0.000005M', '5.00'),
            ('9999999999999999.99', '9999999999999999.99'),
            ('9999999999999999.995', null),
            ('10000000000000000', null),
            ('10000000B', null),
            ('123456789012345678901234567890', null),
            ('abc', null),
            ('1.2.3', null),
            ('.5', null),
            ('5.', null),
            ('12K5', null),
            ('1.2KB', null),
            ('$', null),
            ('1 200', null),
            ('~300', null),
            (null, null)
    ) as money_cases (input_text, expected)
),

results as (
    select
        input_text,
        expected,
        {{ parse_money('input_text') }} as actual
    from cases
)

select * from results
where actual is distinct from cast(expected as numeric(18, 2))
