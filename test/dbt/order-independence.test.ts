import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../dbt/runner/csv';
import { runOn, SAMPLE_DIR, temporaryDir, type SampleRun } from './support';

/** A fixed-seed shuffle (mulberry32), so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** Writes `file` from the sample with its rows shuffled, its columns reversed and its header upper-cased. */
function writeShuffledCopy(file: string, targetDir: string, seed: number): void {
  const [header, ...records] = parseCsv(readFileSync(join(SAMPLE_DIR, file), 'utf8'));
  const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;
  const line = (fields: readonly string[]): string => [...fields].reverse().map(quote).join(',');
  const rows = shuffled(records, seed).map((record) => line(record.fields));
  writeFileSync(join(targetDir, file), [line((header?.fields ?? []).map((name) => name.toUpperCase())), ...rows].join('\r\n'));
}

let original: SampleRun;
let reordered: SampleRun;

beforeAll(async () => {
  const shuffledDir = temporaryDir('dbt-shuffled');
  writeShuffledCopy('customers.csv', shuffledDir, 7);
  writeShuffledCopy('projects.csv', shuffledDir, 11);
  [original, reordered] = await Promise.all([runOn(SAMPLE_DIR), runOn(shuffledDir)]);
});

test('a shuffled copy of the sample, columns reordered, gives byte-identical outputs', () => {
  const files = readdirSync(original.outputDir).sort();
  expect(files).toHaveLength(9);
  expect(readdirSync(reordered.outputDir).sort()).toEqual(files);
  for (const file of files) {
    expect({ file, content: readFileSync(join(reordered.outputDir, file), 'utf8') }).toEqual({
      file,
      content: readFileSync(join(original.outputDir, file), 'utf8'),
    });
  }
  expect(reordered.result.failedTests).toEqual([]);
});
