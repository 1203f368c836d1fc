/**
 * `npm run sizing [-- flags]`: prints the capacity plan of an environment, optionally with
 * some requirements changed on the command line. Exit 2 on a bad flag or input.
 */
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_ENVIRONMENT, loadConfig } from '../config';
import { formatPlan, resolveSizing, type SizingInputsInput } from '../config/sizing';

/** Flags that change a sizing input; values are validated by the config schema like the environment files. */
const INPUT_FLAGS = {
  'daily-tb': { field: 'dailyVolumeTb', meaning: 'raw terabytes landing per day' },
  'batch-hours': { field: 'batchIntervalHours', meaning: 'hours between batches' },
  'latency-hours': { field: 'latencyTargetHours', meaning: 'hours after landing by which a batch should be usable' },
  'hard-limit-hours': { field: 'latencyHardLimitHours', meaning: 'hours after landing by which a batch must be usable' },
  headroom: { field: 'growthHeadroom', meaning: 'growth to size for, e.g. 0.3 for 30%' },
  compression: { field: 'compressionRatio', meaning: 'uncompressed bytes per stored byte' },
} as const satisfies Record<string, { field: keyof SizingInputsInput; meaning: string }>;

type InputFlag = keyof typeof INPUT_FLAGS;

const USAGE = [
  'Usage: npm run sizing -- [--env <name>] [--json] [input flags]',
  ...[
    ['--env <name>', 'environment in config/environments/ (default: PLATFORM_ENV, else dev)'],
    ['--json', 'print the plan as JSON instead of tables'],
    ...Object.entries(INPUT_FLAGS).map(([flag, { field, meaning }]) => [`--${flag} <n>`, `${meaning} (sizing.${field})`]),
  ].map(([flag, text]) => `  ${flag.padEnd(22)} ${text}`),
].join('\n');

class UsageError extends Error {}

/** Runs the command with `argv` (flags only); returns the exit code. */
export function main(argv: string[]): number {
  try {
    const { values } = parseFlags(argv);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const env = values.env ?? process.env.PLATFORM_ENV ?? DEFAULT_ENVIRONMENT;
    const sizing = inputOverrides(values);
    const plan = resolveSizing(loadConfig({ env, overrides: { sizing } }));
    process.stdout.write(values.json ? `${JSON.stringify({ environment: env, ...plan }, null, 2)}\n` : formatPlan(plan, env));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sizing: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n${flagsBehind(error, argv)}`);
      return 2;
    }
    throw error;
  }
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...(Object.fromEntries(Object.keys(INPUT_FLAGS).map((flag) => [flag, { type: 'string' }])) as Record<InputFlag, { type: 'string' }>),
      },
    });
  } catch (error) {
    // parseArgs names the offending flag: "Unknown option '--daily-gb'", "Option '--env <value>' argument missing".
    throw new UsageError((error as Error).message);
  }
}

/** The sizing fields the flags set; a value that is not a number is refused before validation. */
function inputOverrides(values: Partial<Record<InputFlag, string>>): Partial<SizingInputsInput> {
  const sizing: Partial<Record<(typeof INPUT_FLAGS)[InputFlag]['field'], number>> = {};
  for (const [flag, { field, meaning }] of Object.entries(INPUT_FLAGS) as [InputFlag, (typeof INPUT_FLAGS)[InputFlag]][]) {
    const text = values[flag];
    if (text === undefined) continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} expects a number (${meaning}), got "${text}"`);
    sizing[field] = value;
  }
  return sizing;
}

/** Which flags set the fields the configuration error names, so the fix is clear. */
function flagsBehind(error: ConfigError, argv: string[]): string {
  const given = Object.entries(INPUT_FLAGS).filter(([flag, { field }]) =>
    argv.some((arg) => arg === `--${flag}` || arg.startsWith(`--${flag}=`)) && error.issues.some((issue) => issue.path === `sizing.${field}`),
  );
  return given.map(([flag, { field }]) => `sizing.${field} came from --${flag}\n`).join('');
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
