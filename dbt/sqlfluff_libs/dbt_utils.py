"""dbt_utils.generate_surrogate_key for sqlfluff, rendering what dbt_utils renders on Snowflake."""


def generate_surrogate_key(field_list):
    parts = ", '-', ".join(
        "coalesce(cast({} as varchar), '_dbt_utils_surrogate_key_null_')".format(field) for field in field_list
    )
    return "md5(cast(concat({}) as varchar))".format(parts)
