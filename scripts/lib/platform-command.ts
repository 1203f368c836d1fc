import { ConfigError } from '../../config';
import { EmulatorUnreachableError } from './emulator';
import { ProdRefusedError, runPlatform, StackFailedError, type PlatformAction, type PlatformRunOptions } from './platform-run';
import { UnknownStackError } from './stack-selection';
import { StaleStateError } from './stale-state';

/** The flags each command accepts, with the run option each sets. */
const FLAGS: Readonly<Record<PlatformAction, Readonly<Record<string, keyof PlatformRunOptions>>>> = {
  deploy: {},
  diff: {},
  destroy: { '--purge-data': 'purgeData', '--prod-approved-by-cleanup': 'prodApprovedByCleanup' },
};

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `[flags] [stack ...]` of `npm run <action> --`: the stacks to run and the flags given. */
export function parseCommandLine(action: PlatformAction, argv: readonly string[]): PlatformRunOptions & { stacks: string[] } {
  const options: Record<string, unknown> = {};
  const stacks: string[] = [];
  for (const arg of argv) {
    if (!arg.startsWith('-')) stacks.push(arg);
    else if (Object.hasOwn(FLAGS[action], arg)) options[FLAGS[action][arg]] = true;
    else {
      const accepted = Object.keys(FLAGS[action]);
      throw new UsageError(`npm run ${action} does not take ${arg}; it takes ${accepted.length > 0 ? `${accepted.join(', ')} and ` : ''}stack names. Nothing was run.`);
    }
  }
  return { ...options, stacks };
}

/**
 * `npm run <action> [-- [flags] stack ...]`: the named stacks (all when none are named), a summary
 * on success, one clear error and exit 1 otherwise (2 for a bad command line).
 */
export async function runPlatformCommand(action: PlatformAction, argv: readonly string[]): Promise<void> {
  const started = Date.now();
  try {
    const result = await runPlatform(action, parseCommandLine(action, argv));
    const names = result.stacks.map((stack) => stack.name).join(', ') || 'nothing';
    const verb = { deploy: 'Deployed', destroy: 'Destroyed', diff: 'Diffed' }[action];
    console.log(`${verb} ${names} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } catch (error) {
    // These carry the whole story in their message; anything else keeps its stack trace.
    const expected = [ConfigError, EmulatorUnreachableError, ProdRefusedError, StackFailedError, UnknownStackError, StaleStateError, UsageError].some((type) => error instanceof type);
    console.error(expected ? (error as Error).message : error);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
