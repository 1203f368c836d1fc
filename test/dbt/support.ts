import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCsv } from '../../dbt/runner/csv';
import { runPipeline, type PipelineResult } from '../../dbt/runner/pipeline';

export const REPO_ROOT = resolve(__dirname, '../..');
export const SAMPLE_DIR = join(REPO_ROOT, 'dbt/sample-data');
/** Every raw row of a test run is stamped with this load time, so etl_timestamp is known. */
export const LOADED_AT = new Date('2024-07-01T06:00:00Z');
export const LOADED_AT_TEXT = '2024-07-01 06:00:00';

/** An output row: column name to value, NULL (an empty CSV field) as null. */
export type Row = Record<string, string | null>;

export interface SampleRun {
  readonly result: PipelineResult;
  readonly outputDir: string;
  readonly progress: readonly string[];
  /** The rows of `<model>.csv`. */
  rows(model: string): Row[];
}

const temporaryDirs: string[] = [];

// Runs after each test file that imports this module.
afterAll(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the system temp dir, removed when the test file is done. */
export function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  temporaryDirs.push(dir);
  return dir;
}

/** Runs the pipeline on `inputDir` into a fresh temporary folder. */
export async function runOn(inputDir: string): Promise<SampleRun> {
  const outputDir = temporaryDir('dbt-output');
  const progress: string[] = [];
  const result = await runPipeline({ inputDir, outputDir, loadedAt: LOADED_AT, onProgress: (line) => progress.push(line) });
  return { result, outputDir, progress, rows: (model) => readOutput(join(outputDir, `${model}.csv`)) };
}

export function readOutput(path: string): Row[] {
  const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
  if (header === undefined) throw new Error(`${path} has no header`);
  return records.map((record) =>
    Object.fromEntries(header.fields.map((column, index) => [column, record.fields[index] === '' ? null : record.fields[index]])),
  );
}

/** The one row whose columns equal `key`; fails the test when there is none or several. */
export function only(rows: readonly Row[], key: Row): Row {
  const matches = rows.filter((row) => Object.entries(key).every(([column, value]) => row[column] === value));
  if (matches.length !== 1) throw new Error(`expected one row with ${JSON.stringify(key)}, found ${matches.length}`);
  return matches[0] as Row;
}
