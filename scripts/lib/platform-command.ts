import { ConfigError } from '../../config';
import { EmulatorUnreachableError } from './emulator';
import { ProdRefusedError, StackFailedError, type PlatformRun } from './platform-deploy';

/** Runs a deploy or destroy from the command line: a summary on success, one clear error and exit 1 otherwise. */
export async function runPlatformCommand(action: 'deploy' | 'destroy', run: () => Promise<PlatformRun>): Promise<void> {
  const started = Date.now();
  try {
    const result = await run();
    const names = result.stacks.map((stack) => stack.name).join(', ') || 'nothing';
    console.log(`${action === 'deploy' ? 'Deployed' : 'Destroyed'} ${names} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } catch (error) {
    // These carry the whole story in their message; anything else keeps its stack trace.
    const expected = [ConfigError, EmulatorUnreachableError, ProdRefusedError, StackFailedError].some((type) => error instanceof type);
    console.error(expected ? (error as Error).message : error);
    process.exitCode = 1;
  }
}
