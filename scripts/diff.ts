/**
 * Shows the plan of the named stacks of PLATFORM_ENV (default dev), or all, in dependency order.
 * Read-only, so it also runs for prod (the pull-request workflow uses it).
 * Usage: npm run diff [-- stack ...]
 */
import { runPlatformCommand } from './lib/platform-command';

void runPlatformCommand('diff', process.argv.slice(2));
