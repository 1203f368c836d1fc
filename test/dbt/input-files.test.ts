import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInputFile, readInputFile } from '../../dbt/runner/input-files';
import { runPipeline } from '../../dbt/runner/pipeline';
import { loadDbtProject } from '../../dbt/runner/project';
import { LocalWarehouse } from '../../dbt/runner/warehouse';
import { LOADED_AT, REPO_ROOT, SAMPLE_DIR, temporaryDir } from './support';

const CUSTOMERS_COLUMNS = [
  'customer_id',
  'customer_name',
  'project_id',
  'engagementid',
  'engagement_date',
  'engagement_type',
  'engagement_reference',
  'service',
  'sub_service',
  'revenue',
  'client_revenue',
  'revenue_usd',
  'employee_count',
  'comments',
];
const PROJECTS_COLUMNS = ['project_id', 'customer_id', 'project_name', 'project_status', 'start_date', 'end_date', 'budget_usd'];
const PROJECTS_HEADER = PROJECTS_COLUMNS.join(',');
const PROJECT_ROW = 'P-1,42,Name,active,2024-01-01,,5K';

const RAW = { database: LocalWarehouse.IN_MEMORY_DATABASE, schema: 'raw', loadedAtColumn: '_airbyte_extracted_at' };

let dir: string;
let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = await LocalWarehouse.open();
});

afterAll(() => warehouse.close());

beforeEach(async () => {
  dir = temporaryDir('dbt-input');
  await warehouse.run('drop table if exists raw.projects');
});

/** Writes projects.csv, loads it into raw.projects and returns its rows in the expected column order. */
async function loadProjects(content: string | Buffer): Promise<unknown[][]> {
  writeFileSync(join(dir, 'projects.csv'), content);
  await loadInputFile(warehouse, readInputFile(dir, 'projects', PROJECTS_COLUMNS), RAW, LOADED_AT);
  const rows = await warehouse.query(`select ${PROJECTS_COLUMNS.join(', ')} from raw.projects`);
  return rows.map((row) => PROJECTS_COLUMNS.map((column) => row[column]));
}

test('the sources declare exactly the columns of the contract, which the runner expects in the files', () => {
  const columns = Object.fromEntries(loadDbtProject(join(REPO_ROOT, 'dbt')).sources.map((source) => [source.tableName, source.columns]));
  expect(columns).toEqual({ customers: CUSTOMERS_COLUMNS, projects: PROJECTS_COLUMNS });
});

test('header names match in any order and case, trimmed; a BOM, CRLF, quoted fields and empty lines are read; text is kept as is', async () => {
  const header = ' BUDGET_USD ,Project_ID,customer_id,project_name,project_status,start_date,end_date';
  const rows = await loadProjects(`\uFEFF${header}\r\n"1,200",P-1,42,"Say ""hi""\r\nthere",active,2024-01-01,\r\n\r\n"",P-2,,,,,\r\n`);
  expect(rows).toEqual([
    ['P-1', '42', 'Say "hi"\r\nthere', 'active', '2024-01-01', '', '1,200'],
    ['P-2', '', '', '', '', '', ''],
  ]);
});

test('every row is stamped with the load time in the loaded-at column', async () => {
  await loadProjects(`${PROJECTS_HEADER}\n${PROJECT_ROW}\n`);
  const [row] = await warehouse.query('select cast(_airbyte_extracted_at as varchar) as loaded_at from raw.projects');
  expect(row?.loaded_at).toBe('2024-07-01 06:00:00');
});

test('a batch stamped no later than rows already loaded is refused: incremental models would never see it', async () => {
  await loadProjects(`${PROJECTS_HEADER}\n${PROJECT_ROW}\n`);
  const file = readInputFile(dir, 'projects', PROJECTS_COLUMNS);
  await expect(loadInputFile(warehouse, file, RAW, LOADED_AT)).rejects.toThrow(
    'projects.csv: the warehouse already holds projects rows loaded at 2024-07-01 06:00:00, not before this run\'s load time 2024-07-01 06:00:00',
  );
});

test('a missing file is named, with the folder it was expected in', () => {
  expect(() => readInputFile(dir, 'customers', CUSTOMERS_COLUMNS)).toThrow(
    `customers.csv: file not found in ${dir}; put the customers export there as customers.csv.`,
  );
});

test('an empty file says a header is expected', async () => {
  await expect(loadProjects('')).rejects.toThrow(`projects.csv: the file is empty; expected a header naming ${PROJECTS_COLUMNS.join(', ')}`);
});

test.each([
  ['a missing column', PROJECTS_HEADER.replace(',budget_usd', ''), 'missing column "budget_usd"'],
  ['a misspelt column', PROJECTS_HEADER.replace('budget_usd', 'budget'), 'missing column "budget_usd"; unexpected column "budget"'],
  ['a duplicated column', `${PROJECTS_HEADER},Project_Name`, 'duplicated column "project_name"'],
])('a wrong header (%s) names the column and lists the expected ones', async (_case, header, problem) => {
  await expect(loadProjects(`${header}\n`)).rejects.toThrow(
    `projects.csv: wrong header: ${problem}; expected a header naming ${PROJECTS_COLUMNS.join(', ')} (any order, any case).`,
  );
});

test.each([
  ['binary content', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'projects.csv: not a CSV text file (it contains NUL bytes'],
  ['text that is not UTF-8', Buffer.from([0x70, 0xe9, 0x2c, 0x0a]), 'projects.csv: not UTF-8 text; export the file as UTF-8 CSV.'],
  ['JSON', '{"project_id": "P-1"}\n', 'projects.csv: not valid CSV (RFC 4180) at line 1: a double quote inside an unquoted field'],
  ['an unclosed quote', `${PROJECTS_HEADER}\n"P-1,42\n`, 'projects.csv: not valid CSV (RFC 4180) at line 2: a quoted field is never closed'],
  ['text after a closing quote', `${PROJECTS_HEADER}\n"P-1"x,42\n`, 'projects.csv: not valid CSV (RFC 4180) at line 2: unexpected "x" after a closing double quote'],
  ['a row with too many fields', `${PROJECTS_HEADER}\n${PROJECT_ROW}\n${PROJECT_ROW},extra\n`, 'projects.csv: line 3 has 8 fields but the header has 7'],
  ['a row with too few fields', `${PROJECTS_HEADER}\n${PROJECT_ROW}\nP-2,42\n`, 'projects.csv: line 3 has 2 fields but the header has 7; quote values'],
  ['a line that is not UTF-8', Buffer.from(`${PROJECTS_HEADER}\n${PROJECT_ROW}\nP-\xe9,1,2,3,4,5,6\n`, 'latin1'), 'projects.csv: not UTF-8 text (line 3)'],
])('content that is not CSV (%s) is rejected with the file, the line and the problem', async (_case, content, message) => {
  await expect(loadProjects(content)).rejects.toThrow(message);
});

test('the pipeline stops on a bad input file before building anything', async () => {
  copyFileSync(join(SAMPLE_DIR, 'customers.csv'), join(dir, 'customers.csv'));
  const outputDir = join(dir, 'out');
  await expect(runPipeline({ inputDir: dir, outputDir })).rejects.toThrow('projects.csv: file not found');
});
