-- Unit test of the clean_text macro (cleansing rules 1-2): returns the cases that fail.
with cases as (
    select * from (
        values
            ('Acme Corp', 'Acme Corp'),
            ('  Acme   Corp  ', 'Acme Corp'),
            ('Acme' || chr(9) || chr(10) || 'Corp', 'Acme Corp'),
            ('', null),
            ('   ', null),
            ('NULL', null),
            ('null', null),
            ('N/A', null),
            ('n/a', null),
            ('NA', null),
            ('na', null),
            ('-', null),
            (' - ', null),
            ('NAN', 'NAN'),
            ('--', '--'),
            ('N/A N/A', 'N/A N/A'),
            (null, null)
    ) as text_cases (input_text, expected)
),

results as (
    select
        input_text,
        expected,
        {{ clean_text('input_text') }} as actual
    from cases
)

select * from results
where actual is distinct from expected
