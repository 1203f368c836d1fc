{#-
    Layer folders set a custom schema (bronze, silver, gold, marts). Production and the
    local run use it as is, matching the warehouse's schema per layer; the dev target
    prefixes it with the developer's own schema so that dev runs never touch prod tables.
-#}
{%- macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.name == 'dev' -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro -%}
