/**
 * Local stand-ins for the dbt_utils macros the project uses (dbt packages cannot be
 * installed here). Each renders the same SQL semantics as dbt_utils 1.4.1 on DuckDB.
 */

/** The placeholder dbt_utils puts in place of a NULL key part. */
const SURROGATE_KEY_NULL = '_dbt_utils_surrogate_key_null_';

/**
 * dbt_utils.generate_surrogate_key: md5 of the parts cast to text, NULLs replaced by a
 * placeholder (or '' with var surrogate_key_treat_nulls_as_empty_strings), joined by '-'.
 */
export function generateSurrogateKey(fields: readonly string[], nullsAsEmptyStrings: boolean): string {
  const nullValue = nullsAsEmptyStrings ? '' : SURROGATE_KEY_NULL;
  const parts = fields.map((field) => `coalesce(cast(${field} as varchar), '${nullValue}')`);
  return `md5(cast(concat(${parts.join(", '-', ")}) as varchar))`;
}

/** dbt_utils.unique_combination_of_columns: the combinations that occur more than once. */
export function uniqueCombinationOfColumnsSql(relation: string, columns: readonly string[]): string {
  const columnList = columns.join(', ');
  return `select ${columnList} from ${relation} group by ${columnList} having count(*) > 1`;
}
