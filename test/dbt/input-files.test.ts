import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRawTable } from '../../dbt/runner/input-files';
import { runPipeline } from '../../dbt/runner/pipeline';
import { loadDbtProject } from '../../dbt/runner/project';
import { REPO_ROOT, SAMPLE_DIR, temporaryDir } from './support';

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

let dir: string;

beforeEach(() => {
  dir = temporaryDir('dbt-input');
});

function readProjects(content: string | Buffer): ReturnType<typeof readRawTable> {
  writeFileSync(join(dir, 'projects.csv'), content);
  return readRawTable(dir, 'projects', PROJECTS_COLUMNS);
}

test('the sources declare exactly the columns of the contract, which the runner expects in the files', () => {
  const columns = Object.fromEntries(loadDbtProject(join(REPO_ROOT, 'dbt')).sources.map((source) => [source.tableName, source.columns]));
  expect(columns).toEqual({ customers: CUSTOMERS_COLUMNS, projects: PROJECTS_COLUMNS });
});

test('header names match in any order and case, trimmed; a BOM, CRLF and quoted fields are read', () => {
  const header = ' BUDGET_USD ,Project_ID,customer_id,project_name,project_status,start_date,end_date';
  const table = readProjects(`\uFEFF${header}\r\n"1,200",P-1,42,"Say ""hi""\r\nthere",active,2024-01-01,\r\n`);
  expect(table.rows).toEqual([['P-1', '42', 'Say "hi"\r\nthere', 'active', '2024-01-01', '', '1,200']]);
});

test('a missing file is named, with the folder it was expected in', () => {
  expect(() => readRawTable(dir, 'customers', CUSTOMERS_COLUMNS)).toThrow(
    `customers.csv: file not found in ${dir}; put the customers export there as customers.csv.`,
  );
});

test('an empty file says a header is expected', () => {
  expect(() => readProjects('')).toThrow(`projects.csv: the file is empty; expected a header naming ${PROJECTS_COLUMNS.join(', ')}`);
});

test.each([
  ['a missing column', PROJECTS_HEADER.replace(',budget_usd', ''), 'missing column "budget_usd"'],
  ['a misspelt column', PROJECTS_HEADER.replace('budget_usd', 'budget'), 'missing column "budget_usd"; unexpected column "budget"'],
  ['a duplicated column', `${PROJECTS_HEADER},Project_Name`, 'duplicated column "project_name"'],
])('a wrong header (%s) names the column and lists the expected ones', (_case, header, problem) => {
  expect(() => readProjects(`${header}\n`)).toThrow(
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
])('content that is not CSV (%s) is rejected with the file and the problem', (_case, content, message) => {
  expect(() => readProjects(content)).toThrow(message);
});

test('the pipeline stops on a bad input file before building anything', async () => {
  copyFileSync(join(SAMPLE_DIR, 'customers.csv'), join(dir, 'customers.csv'));
  const outputDir = join(dir, 'out');
  await expect(runPipeline({ inputDir: dir, outputDir })).rejects.toThrow('projects.csv: file not found');
});
