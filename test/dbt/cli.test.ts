import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SAMPLE_DIR, temporaryDir } from './support';

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'dbt/runner/cli.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
}

describe('a run where a declared test fails', () => {
  let result: SpawnSyncReturns<string>;
  let outputDir: string;

  beforeAll(() => {
    const inputDir = temporaryDir('dbt-failing');
    outputDir = join(inputDir, 'out');
    copyFileSync(join(SAMPLE_DIR, 'customers.csv'), join(inputDir, 'customers.csv'));
    // "paused" is not one of the accepted project statuses.
    const projects = readFileSync(join(SAMPLE_DIR, 'projects.csv'), 'utf8').replace('On_Hold', 'Paused');
    writeFileSync(join(inputDir, 'projects.csv'), projects);
    result = cli('--input', inputDir, '--output', outputDir);
  });

  test('exits 1 and names the failing test', () => {
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('FAIL accepted_values_tfm_projects_project_status__active__completed__on_hold__cancelled (1 failing rows)');
    expect(result.stderr).toContain('1 of ');
    expect(result.stderr).toContain('tests failed: accepted_values_tfm_projects_project_status__active__completed__on_hold__cancelled');
  });

  test('reports one line per model, in dependency order', () => {
    const modelLines = result.stdout.split('\n').filter((line) => /^\[\s*\d+\/\d+\] /.test(line));
    expect(modelLines).toHaveLength(13);
    const position = (model: string): number => modelLines.findIndex((line) => line.includes(` ${model} ...`));
    expect(position('brz_projects')).toBeLessThan(position('tfm_projects'));
    expect(position('tfm_projects')).toBeLessThan(position('dw_customer_project'));
    expect(position('tfm_customer_info')).toBeLessThan(position('mrt_customer'));
  });

  test('still writes the outputs for inspection', () => {
    expect(existsSync(join(outputDir, 'tfm_projects.csv'))).toBe(true);
  });
});

test('bad arguments and a missing input folder exit 2 with the usage', () => {
  const missingArgs = cli('--input', SAMPLE_DIR);
  expect(missingArgs.status).toBe(2);
  expect(missingArgs.stderr).toContain('both --input and --output are required');
  const missingFolder = cli('--input', join(SAMPLE_DIR, 'nowhere'), '--output', temporaryDir('dbt-unused'));
  expect(missingFolder.status).toBe(2);
  expect(missingFolder.stderr).toContain('nowhere: no such folder; give the folder that holds customers.csv and projects.csv');
});

describe('--warehouse', () => {
  test('a file that is not a DuckDB database exits 2, naming the file and the fix, and is left untouched', () => {
    const notDuckdb = join(temporaryDir('dbt-warehouse'), 'customers.csv');
    copyFileSync(join(SAMPLE_DIR, 'customers.csv'), notDuckdb);
    const result = cli('--input', SAMPLE_DIR, '--warehouse', notDuckdb);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `--warehouse ${notDuckdb}: not a DuckDB database file (it lacks DuckDB's file header); give the warehouse file of an earlier run, ` +
        'or a path that does not exist yet to start a new warehouse.',
    );
    expect(readFileSync(notDuckdb, 'utf8')).toBe(readFileSync(join(SAMPLE_DIR, 'customers.csv'), 'utf8'));
  });

  test('keeps the models in the file without --output; the next run adds to them incrementally', () => {
    const dir = temporaryDir('dbt-warehouse');
    const warehouse = join(dir, 'warehouse.duckdb');
    const first = cli('--input', SAMPLE_DIR, '--warehouse', warehouse);
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    expect(first.stdout).toContain('tfm_customer_info ... OK 14 rows (full build');
    expect(first.stdout).toContain('0 files written');
    const second = cli('--input', SAMPLE_DIR, '--warehouse', warehouse);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('tfm_customer_info ... OK 14 rows (merge of 14 rows');
    expect(second.stdout).toContain('loaded customers.csv: 28 rows');
    expect(existsSync(warehouse)).toBe(true);
  });
});
