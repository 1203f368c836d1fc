/**
 * Destroys the named stacks of PLATFORM_ENV (default dev), or all, in reverse dependency order,
 * emptying access-log buckets first.
 * Usage: npm run destroy [-- stack ...]   /   PLATFORM_ENV=local npm run destroy
 */
import { runPlatformCommand } from './lib/platform-command';

void runPlatformCommand('destroy', process.argv.slice(2));
