/**
 * Destroys every AWS-only stack of PLATFORM_ENV (default dev) in reverse dependency order,
 * emptying the access-log bucket first.
 * Usage: npm run destroy   /   PLATFORM_ENV=local npm run destroy
 */
import { runPlatformCommand } from './lib/platform-command';
import { destroyPlatform } from './lib/platform-deploy';

void runPlatformCommand('destroy', destroyPlatform);
