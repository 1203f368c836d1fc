"""dbt's `adapter.dispatch` for sqlfluff: a dispatched macro renders as a neutral `null`.

sqlfluff gives each macro file its own snapshot of the context, so a dialect-specific
implementation defined in another file is out of reach; sqlfluff lints the models'
SQL, not the SQL that macros expand to.
"""


def dispatch(macro_name, macro_namespace=None):
    return lambda *args, **kwargs: "null"
