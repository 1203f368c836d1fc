import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../scripts/sizing';

const ROOT = join(__dirname, '..', '..');

/** Runs `main` in-process, capturing what it writes. */
function runInProcess(argv: string[]): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    return { code: main(argv), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('npm run sizing', () => {
  let cli: SpawnSyncReturns<string>;

  beforeAll(() => {
    // The one real process: the command as `npm run sizing` starts it.
    cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/sizing.ts', '--json', '--daily-tb', '40'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PLATFORM_ENV: 'dev' },
    });
  });

  it('prints the plan as JSON with --json and honours --daily-tb', () => {
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const plan = JSON.parse(cli.stdout);
    expect(plan.environment).toBe('dev');
    expect(plan.inputs.dailyVolumeTb).toBe(40);
    expect(plan.volume.sizedDailyTb).toBeCloseTo(40 * (1 + plan.inputs.growthHeadroom), 9);
    expect(plan.latency.stages.map((stage: { stage: string }) => stage.stage)).toEqual(['ingest', 'load', 'transform']);
    expect(typeof plan.cost.totalMonthlyUsd).toBe('number');
  });

  it('prints inputs, time budget, sizes and cost as tables by default', () => {
    const { code, stdout } = runInProcess(['--env', 'dev']);
    expect(code).toBe(0);
    for (const heading of ['Inputs', 'Per-batch time budget', 'Routing', 'Airbyte', 'EKS node groups', 'Snowflake warehouses', 'Landing bucket lifecycle', 'Monthly cost estimate']) {
      expect(stdout).toContain(`\n${heading}`);
    }
    expect(stdout).toContain('meets the 3 h target');
  });

  it.each([
    [['--daily-gb', '40'], "Unknown option '--daily-gb'"],
    [['--batch-hours', 'six'], '--batch-hours expects a number (hours between batches), got "six"'],
    [['--env'], "Option '--env <value>' argument missing"],
  ])('refuses %j with exit 2, naming the flag', (argv, message) => {
    const { code, stdout, stderr } = runInProcess(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: npm run sizing');
  });

  it('reports invalid inputs in the configuration format and names the flag they came from', () => {
    const { code, stderr } = runInProcess(['--env', 'dev', '--daily-tb', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('sizing.dailyVolumeTb: must be a positive number of terabytes per day');
    expect(stderr).toContain('sizing.dailyVolumeTb came from --daily-tb');
  });

  it('refuses an unknown environment', () => {
    const { code, stderr } = runInProcess(['--env', 'staging']);
    expect(code).toBe(2);
    expect(stderr).toContain('"staging" is not a known environment');
  });
});
