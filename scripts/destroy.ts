/**
 * Destroys the named stacks of PLATFORM_ENV (default dev), or all, in reverse dependency order,
 * emptying access-log buckets first; a stack already gone is said so and skipped.
 * Usage: npm run destroy [-- [--purge-data] stack ...]   /   PLATFORM_ENV=local npm run destroy
 * --purge-data empties every bucket (every object version) and image repository first: data is deleted.
 * --prod-approved-by-cleanup is passed only by scripts/cleanup.sh, after its own prod guard.
 */
import { runPlatformCommand } from './lib/platform-command';

void runPlatformCommand('destroy', process.argv.slice(2));
