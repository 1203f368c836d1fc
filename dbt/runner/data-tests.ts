import { uniqueCombinationOfColumnsSql } from './dbt-utils';
import type { ModelFile, TestDeclaration } from './project';

/** A test as a query that returns the failing rows; it passes when the query returns none. */
export interface DataTest {
  readonly name: string;
  readonly sql: string;
}

type Arguments = Readonly<Record<string, unknown>>;

/** Builds the failing-rows query of one generic test on `relation` (column tests get `column`). */
type GenericTest = (relation: string, column: string | undefined, args: Arguments, resolve: RelationResolver) => DataTest;

/** Renders a relation expression from yml, such as `ref('tfm_customer_info')`. */
export type RelationResolver = (expression: string) => string;

/**
 * The generic tests of dbt (not_null, unique, accepted_values, relationships) and of
 * dbt_utils (unique_combination_of_columns), with the SQL their macros compile to.
 */
const GENERIC_TESTS: Readonly<Record<string, GenericTest>> = {
  not_null: (relation, column) => ({
    name: `not_null_${relationName(relation)}_${required(column, 'not_null')}`,
    sql: `select ${column} from ${relation} where ${column} is null`,
  }),
  unique: (relation, column) => ({
    name: `unique_${relationName(relation)}_${required(column, 'unique')}`,
    sql:
      `select ${column} as unique_field, count(*) as n_records from ${relation} ` +
      `where ${column} is not null group by ${column} having count(*) > 1`,
  }),
  accepted_values: (relation, column, args) => {
    const values = requiredList(args, 'values', 'accepted_values');
    const quote = args.quote !== false;
    const list = values.map((value) => (quote ? `'${String(value).replace(/'/g, "''")}'` : String(value)));
    return {
      name: `accepted_values_${relationName(relation)}_${required(column, 'accepted_values')}__${values.join('__')}`,
      sql:
        `select value_field, n_records from (select ${column} as value_field, count(*) as n_records ` +
        `from ${relation} group by ${column}) as all_values where value_field not in (${list.join(', ')})`,
    };
  },
  relationships: (relation, column, args, resolve) => {
    const to = String(requiredArgument(args, 'to', 'relationships'));
    const field = String(requiredArgument(args, 'field', 'relationships'));
    const parent = resolve(to);
    return {
      name: `relationships_${relationName(relation)}_${required(column, 'relationships')}__${field}__${relationName(parent)}`,
      sql:
        `select child.from_field from (select ${column} as from_field from ${relation} where ${column} is not null) as child ` +
        `left join (select ${field} as to_field from ${parent}) as parent on child.from_field = parent.to_field ` +
        'where parent.to_field is null',
    };
  },
  'dbt_utils.unique_combination_of_columns': (relation, _column, args) => {
    const columns = requiredList(args, 'combination_of_columns', 'dbt_utils.unique_combination_of_columns').map(String);
    return {
      name: `dbt_utils_unique_combination_of_columns_${relationName(relation)}_${columns.join('__')}`,
      sql: uniqueCombinationOfColumnsSql(relation, columns),
    };
  },
};

/** The tests a model's properties declare, at model level and per column. */
export function declaredTests(model: ModelFile, relation: string, resolve: RelationResolver): DataTest[] {
  const { properties } = model;
  const tests = testsOf(properties).map((declaration) => compile(model, relation, undefined, declaration, resolve));
  for (const column of properties.columns ?? []) {
    for (const declaration of testsOf(column)) tests.push(compile(model, relation, column.name, declaration, resolve));
  }
  return tests;
}

function testsOf(properties: { data_tests?: readonly TestDeclaration[]; tests?: readonly TestDeclaration[] }): readonly TestDeclaration[] {
  return properties.data_tests ?? properties.tests ?? [];
}

function compile(
  model: ModelFile,
  relation: string,
  column: string | undefined,
  declaration: TestDeclaration,
  resolve: RelationResolver,
): DataTest {
  const [testName, settings] =
    typeof declaration === 'string' ? [declaration, null] : (Object.entries(declaration)[0] ?? ['', null]);
  const generic = GENERIC_TESTS[testName];
  if (generic === undefined) {
    throw new Error(
      `${model.path}: test ${JSON.stringify(testName)} on ${model.name}${column ? `.${column}` : ''} is not one the local runner ` +
        `implements (${Object.keys(GENERIC_TESTS).join(', ')})`,
    );
  }
  // dbt >= 1.10.8 reads test inputs from `arguments:`; older projects put them beside `config:`.
  const args = (settings?.arguments ?? settings ?? {}) as Arguments;
  return generic(relation, column, args, resolve);
}

/** The unquoted last part of a relation, e.g. tfm_projects for "silver"."tfm_projects". */
function relationName(relation: string): string {
  return relation.split('.').pop()?.replace(/"/g, '') ?? relation;
}

function required(column: string | undefined, test: string): string {
  if (column === undefined) throw new Error(`${test} is a column test: declare it under a column's data_tests`);
  return column;
}

function requiredArgument(args: Arguments, name: string, test: string): unknown {
  if (args[name] === undefined) throw new Error(`${test} needs the argument ${name} (under arguments:)`);
  return args[name];
}

function requiredList(args: Arguments, name: string, test: string): unknown[] {
  const value = requiredArgument(args, name, test);
  if (!Array.isArray(value)) throw new Error(`${test}: argument ${name} must be a list`);
  return value;
}
