/**
 * Measures the local dbt pipeline against DuckDB alone on the same files, in the same run.
 * For each size it generates the dirty feed of the data contract (scripts/bench/dirty-feed.ts)
 * and times, each in a child process started the same way (`node --import tsx`):
 *   - the bare DuckDB load: one `create table as select * from read_csv(...)` per file,
 *     into a fresh database file (the same storage as the pipeline's warehouse), and the
 *     same into memory, the tighter reference (no disk writes);
 *   - the pipeline's full build into a fresh warehouse file (`npm run pipeline:local --
 *     --warehouse`: load, build every model, run every test; no --output, whose CSV copy
 *     of every whole model is for inspection, not part of a batch);
 * and, at the largest size, the pipeline run of the next six-hourly batch (1 % new and
 * changed rows) on that warehouse. It prints wall seconds, peak RSS, rows per second and
 * the ratios, next to the machine they were measured on.
 * Usage: npm run bench:pipeline [-- --sizes 10000,100000,1000000] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DirtyFeed, writeFeed } from './bench/dirty-feed';

const TARGET_RATIO = 10;
const TARGET_PEAK_RSS_BYTES = 1024 ** 3;
const TARGET_INCREMENTAL_SHARE = 0.1;
const INCREMENTAL_SHARE_OF_ROWS = 0.01;
const root = join(__dirname, '..');

interface Measurement {
  readonly seconds: number;
  readonly peakRssBytes: number;
  /** The run's own account of its phases (the pipeline's `seconds:` line); empty for the bare load. */
  readonly phases: string;
}

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const sizes = (value('--sizes') ?? '10000,100000,1000000')
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);
  const runs = Number(value('--runs') ?? '1');
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) fail(`--sizes takes whole numbers of customers rows separated by commas, got "${value('--sizes')}"`);
  if (!Number.isInteger(runs) || runs < 1) fail(`--runs takes a whole number of runs of at least 1, got "${value('--runs')}"`);
  return { sizes, runs };
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** Runs `node --import tsx <args>` and returns its wall time and peak RSS. */
function measure(workDir: string, args: readonly string[]): Measurement {
  const rssFile = join(workDir, 'peak-rss');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', './scripts/bench/report-peak-rss.ts', ...args], {
    cwd: root,
    env: { ...process.env, BENCH_PEAK_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    console.error(`${args.join(' ')} failed (exit ${result.status}):\n${result.stdout.slice(-2000)}\n${result.stderr}`);
    process.exit(1);
  }
  const phases = /^seconds: (.*)$/m.exec(result.stdout)?.[1] ?? '';
  return { seconds, peakRssBytes: Number(readFileSync(rssFile, 'utf8')), phases };
}

/** The run with the median wall time of `runs` runs of `once`. */
function median(runs: number, once: () => Measurement): Measurement {
  const measured = Array.from({ length: runs }, once).sort((a, b) => a.seconds - b.seconds);
  return measured[Math.floor((measured.length - 1) / 2)] as Measurement;
}

function pipelineArgs(inputDir: string, warehouse: string): string[] {
  return ['dbt/runner/cli.ts', '--input', inputDir, '--warehouse', warehouse];
}

/** Writes the feed's first delivery and, for the largest size, its next batch; returns their row counts. */
function generate(customerRows: number, workDir: string, withNextBatch: boolean): { rows: number; nextBatchRows: number } {
  const feed = new DirtyFeed({ customerRows });
  const first = feed.firstDelivery();
  writeFeed(join(workDir, 'first'), first);
  const rows = first.customers.length + first.projects.length;
  if (!withNextBatch) return { rows, nextBatchRows: 0 };
  const next = feed.laterDelivery(1, INCREMENTAL_SHARE_OF_ROWS);
  writeFeed(join(workDir, 'next'), next);
  return { rows, nextBatchRows: next.customers.length + next.projects.length };
}

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
const count = (value: number): string => value.toLocaleString('en-US');
const verdict = (ok: boolean): string => (ok ? 'within target' : 'OVER TARGET');

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const [[version]] = (await connection.runAndReadAll('select version()')).getRows() as [[string]];
  connection.closeSync();
  instance.closeSync();
  return version;
}

async function main(): Promise<void> {
  const { sizes, runs } = parseOptions(process.argv.slice(2));
  const largest = Math.max(...sizes);
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${gib(totalmem())} memory, Node ${process.version}, ` +
      `DuckDB ${await duckdbVersion()}; load average at start ${loadavg()[0]?.toFixed(2)} (other processes on these cores slow every figure)`,
  );
  console.log(`each figure: median of ${runs} run(s); wall seconds include starting node and tsx (both sides alike)\n`);
  console.log('customers rows | all rows  | CSV MB | bare DuckDB load: file  memory | pipeline full build            | ratio to bare: file  memory');
  console.log('               |           |        | s       peak RSS      s        | s       peak RSS    rows/s     |');
  const fullBuilds: { size: number; seconds: number }[] = [];
  for (const size of sizes) {
    const workDir = mkdtempSync(join(tmpdir(), 'bench-pipeline-'));
    try {
      const { rows, nextBatchRows } = generate(size, workDir, size === largest);
      const inputDir = join(workDir, 'first');
      const csvBytes = ['customers.csv', 'projects.csv'].reduce((sum, file) => sum + statSync(join(inputDir, file)).size, 0);
      const warehouse = join(workDir, 'warehouse.duckdb');
      const bare = median(runs, () => {
        rmSync(join(workDir, 'bare.duckdb'), { force: true });
        return measure(workDir, ['scripts/bench/bare-duckdb-load.ts', inputDir, join(workDir, 'bare.duckdb')]);
      });
      const bareInMemory = median(runs, () => measure(workDir, ['scripts/bench/bare-duckdb-load.ts', inputDir, ':memory:']));
      const full = median(runs, () => {
        rmSync(warehouse, { force: true });
        return measure(workDir, pipelineArgs(inputDir, warehouse));
      });
      fullBuilds.push({ size, seconds: full.seconds });
      console.log(
        `${count(size).padStart(14)} | ${count(rows).padStart(9)} | ${(csvBytes / 1024 ** 2).toFixed(0).padStart(6)} | ` +
          `${bare.seconds.toFixed(2).padStart(6)}  ${gib(bare.peakRssBytes).padStart(9)}  ${bareInMemory.seconds.toFixed(2).padStart(6)}   | ` +
          `${full.seconds.toFixed(2).padStart(6)}  ${gib(full.peakRssBytes).padStart(9)}  ${count(Math.round(rows / full.seconds)).padStart(9)}  | ` +
          `${(full.seconds / bare.seconds).toFixed(1).padStart(18)}x ${(full.seconds / bareInMemory.seconds).toFixed(1).padStart(6)}x`,
      );
      if (size !== largest) continue;
      const builtWarehouse = join(workDir, 'built.duckdb');
      copyFileSync(warehouse, builtWarehouse);
      const incremental = median(runs, () => {
        copyFileSync(builtWarehouse, warehouse);
        return measure(workDir, pipelineArgs(join(workDir, 'next'), warehouse));
      });
      const ratio = full.seconds / bare.seconds;
      const ratioInMemory = full.seconds / bareInMemory.seconds;
      const share = incremental.seconds / full.seconds;
      console.log(
        `\nnext batch on the ${count(size)}-row warehouse (${count(nextBatchRows)} rows, 1 % new and changed): ` +
          `${incremental.seconds.toFixed(2)} s, peak RSS ${gib(incremental.peakRssBytes)}, ${(share * 100).toFixed(1)} % of the full build`,
      );
      console.log(`  phases of the full build (s): ${full.phases}`);
      console.log(`  phases of the next batch (s): ${incremental.phases}`);
      console.log(`\ntargets at ${count(size)} customers rows:`);
      console.log(`  full build / bare DuckDB load into a file: ${ratio.toFixed(1)}x (at most ${TARGET_RATIO}x) -> ${verdict(ratio <= TARGET_RATIO)}`);
      console.log(
        `  full build / bare DuckDB load into memory: ${ratioInMemory.toFixed(1)}x (at most ${TARGET_RATIO}x) -> ${verdict(ratioInMemory <= TARGET_RATIO)}`,
      );
      const peak = Math.max(full.peakRssBytes, incremental.peakRssBytes);
      console.log(`  peak RSS: ${gib(peak)} (at most ${gib(TARGET_PEAK_RSS_BYTES)}) -> ${verdict(peak <= TARGET_PEAK_RSS_BYTES)}`);
      console.log(
        `  next batch / full build: ${(share * 100).toFixed(1)} % (at most ${TARGET_INCREMENTAL_SHARE * 100} %) -> ${verdict(share <= TARGET_INCREMENTAL_SHARE)}`,
      );
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  const growth = fullBuilds.slice(1).map((build, index) => {
    const previous = fullBuilds[index] as { size: number; seconds: number };
    return `${count(previous.size)} -> ${count(build.size)} rows (${(build.size / previous.size).toFixed(0)}x): time ${(build.seconds / previous.seconds).toFixed(1)}x`;
  });
  if (growth.length > 0) console.log(`  growth of the full build: ${growth.join('; ')}`);
  console.log(`load average at the end: ${loadavg()[0]?.toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
