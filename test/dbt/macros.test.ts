import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { generateSurrogateKey } from '../../dbt/runner/dbt-utils';
import { DbtJinja, type Target } from '../../dbt/runner/jinja';
import { LOCAL_TARGET } from '../../dbt/runner/pipeline';
import { loadDbtProject } from '../../dbt/runner/project';
import { LocalWarehouse } from '../../dbt/runner/warehouse';
import { REPO_ROOT } from './support';

const project = loadDbtProject(join(REPO_ROOT, 'dbt'));
const duckdb = new DbtJinja(project, LOCAL_TARGET, {});
let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = await LocalWarehouse.open();
});

afterAll(() => warehouse.close());

function literal(text: string | null): string {
  return text === null ? 'cast(null as varchar)' : `'${text.replace(/'/g, "''")}'`;
}

/** Renders `macro` over a text literal and evaluates it on DuckDB, the result as text. */
async function evaluate(macro: string, input: string | null): Promise<string | null> {
  const expression = duckdb.callMacro(macro, literal(input));
  const [row] = await warehouse.query(`select cast(${expression} as varchar) as result`);
  return (row?.result ?? null) as string | null;
}

describe('parse_money', () => {
  test.each([
    ['1200.5', '1200.50'],
    ['$1,200.50', '1200.50'],
    ['1,200.50 USD', '1200.50'],
    ['1,200.50usd', '1200.50'],
    ['1.2K', '1200.00'],
    ['3m', '3000000.00'],
    ['2b', '2000000000.00'],
    ['-500', '-500.00'],
    ['1.005', '1.01'],
    ['-1.005', '-1.01'],
    ['2.345', '2.35'],
    ['0.125', '0.13'],
    ['1.234565K', '1234.57'],
    ['9999999999999999.99', '9999999999999999.99'],
    ['10000000000000000', null],
    ['20000000B', null],
    ['abc', null],
    ['1.2.3', null],
    ['.5', null],
    ['~300', null],
    [null, null],
  ])('%s is %s (numeric(18,2), half away from zero)', async (input, expected) => {
    expect(await evaluate('parse_money', input)).toBe(expected);
  });
});

describe('parse_date', () => {
  test.each([
    ['2024-03-15', '2024-03-15'],
    ['2024/03/15', '2024-03-15'],
    ['03/15/2024', '2024-03-15'],
    ['15.03.2024', '2024-03-15'],
    ['04/05/2024', '2024-04-05'],
    ['04.05.2024', '2024-05-04'],
    ['2024-03-15T10:20:30', '2024-03-15'],
    ['2024-03-15T10:20:30Z', '2024-03-15'],
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', null],
    ['2023-02-30', null],
    ['02/30/2023', null],
    ['31.04.2024', null],
    ['2024-3-5', null],
    ['2024-03-15 10:20:30', null],
    ['yesterday', null],
  ])('%s is %s', async (input, expected) => {
    expect(await evaluate('parse_date', input)).toBe(expected);
  });
});

describe('parse_employee_count', () => {
  test.each([
    ['1,200', '1200'],
    ['50-100', '100'],
    ['50 - 100', '100'],
    ['500+', '500'],
    ['~300', '300'],
    ['~ 300', '300'],
    ['1,000-2,000', '2000'],
    ['many', null],
    ['-5', null],
    ['1.5', null],
  ])('%s is %s', async (input, expected) => {
    expect(await evaluate('parse_employee_count', input)).toBe(expected);
  });
});

describe('clean_text and parse_integer_id', () => {
  test.each([
    ['  Acme   Corp  ', 'Acme Corp'],
    ['a\tb', 'a b'],
    ['', null],
    ['   ', null],
    ['NULL', null],
    ['n/a', null],
    ['Na', null],
    ['-', null],
    ['--', '--'],
  ])('clean_text(%j) is %j', async (input, expected) => {
    expect(await evaluate('clean_text', input)).toBe(expected);
  });

  test.each([
    ['0042', '42'],
    ['7', '7'],
    ['12a', null],
    ['-5', null],
    ['4 2', null],
  ])('parse_integer_id(%j) is %j', async (input, expected) => {
    expect(await evaluate('parse_integer_id', input)).toBe(expected);
  });
});

describe('dbt_utils.generate_surrogate_key stand-in', () => {
  test('is the md5 of the parts joined by "-", NULL parts replaced by the dbt_utils placeholder', async () => {
    const sql = generateSurrogateKey(["'42'", 'cast(null as varchar)'], false);
    const [row] = await warehouse.query(`select ${sql} as key`);
    expect(row?.key).toBe(createHash('md5').update('42-_dbt_utils_surrogate_key_null_').digest('hex'));
  });
});

describe('adapter.dispatch', () => {
  const snowflake: Target = { type: 'snowflake', name: 'prod', database: 'ANALYTICS', schema: 'PUBLIC' };
  const onSnowflake = new DbtJinja(project, snowflake, {});

  test('renders the Snowflake dialect for the snowflake target and the DuckDB one locally', () => {
    expect(onSnowflake.callMacro('parse_date', 'd')).toContain("regexp_like(d, '");
    expect(onSnowflake.callMacro('parse_date', 'd')).toContain("try_to_date(");
    expect(onSnowflake.callMacro('clean_text', 't')).toMatch(/regexp_replace\(t, '\[\[:space:\]\]\+', ' '\)/);
    expect(duckdb.callMacro('parse_date', 'd')).toContain("regexp_full_match(d, '");
    expect(duckdb.callMacro('clean_text', 't')).toContain("' ', 'g')");
  });
});
