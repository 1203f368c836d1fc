import { ConfigError } from '../../config';
import { EmulatorUnreachableError } from './emulator';
import { ProdRefusedError, runPlatform, StackFailedError, type PlatformAction } from './platform-run';
import { UnknownStackError } from './stack-selection';
import { StaleStateError } from './stale-state';

/**
 * `npm run <action> [-- stack ...]`: the named stacks (all when none are named), a summary
 * on success, one clear error and exit 1 otherwise.
 */
export async function runPlatformCommand(action: PlatformAction, argv: readonly string[]): Promise<void> {
  const started = Date.now();
  try {
    const result = await runPlatform(action, { stacks: argv });
    const names = result.stacks.map((stack) => stack.name).join(', ') || 'nothing';
    const verb = { deploy: 'Deployed', destroy: 'Destroyed', diff: 'Diffed' }[action];
    console.log(`${verb} ${names} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } catch (error) {
    // These carry the whole story in their message; anything else keeps its stack trace.
    const expected = [ConfigError, EmulatorUnreachableError, ProdRefusedError, StackFailedError, UnknownStackError, StaleStateError].some((type) => error instanceof type);
    console.error(expected ? (error as Error).message : error);
    process.exitCode = 1;
  }
}
