/**
 * Prints the wall time of a full platform synth next to that of an empty cdktf app,
 * both started the same way in the same run, and their ratio (the goal: at most 3x).
 * Usage: npm run bench [-- --runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine } from './lib/machine';

const TARGET_RATIO = 3;
const root = join(__dirname, '..');

function parseRuns(argv: readonly string[]): number {
  const index = argv.indexOf('--runs');
  if (index === -1) return 5;
  const runs = Number(argv[index + 1]);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs takes a whole number of runs of at least 1, got "${argv[index + 1] ?? ''}"`);
    process.exit(2);
  }
  return runs;
}

function timeSynth(entry: string): number {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, PLATFORM_ENV: process.env.PLATFORM_ENV ?? 'dev' },
    encoding: 'utf8',
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) {
    console.error(`${entry} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const runs = parseRuns(process.argv.slice(2));
// One untimed run of each warms tsx's transform cache and the OS file cache alike.
timeSynth('scripts/bench/empty-app.ts');
timeSynth('main.ts');
const empty: number[] = [];
const full: number[] = [];
for (let run = 0; run < runs; run += 1) {
  empty.push(timeSynth('scripts/bench/empty-app.ts'));
  full.push(timeSynth('main.ts'));
}

const ratio = median(full) / median(empty);
const format = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`machine:              ${describeMachine()}`);
console.log(`runs each:            ${runs}`);
console.log(`empty cdktf app:      ${format(median(empty))} (median; min ${format(Math.min(...empty))}, max ${format(Math.max(...empty))})`);
console.log(`full platform synth:  ${format(median(full))} (median; min ${format(Math.min(...full))}, max ${format(Math.max(...full))})`);
console.log(`ratio:                ${ratio.toFixed(2)}x (goal: at most ${TARGET_RATIO}x) -> ${ratio <= TARGET_RATIO ? 'within goal' : 'OVER GOAL'}`);
