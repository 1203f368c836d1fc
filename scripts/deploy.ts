/**
 * Deploys the named stacks of PLATFORM_ENV (default dev), or all, each after the stacks it reads.
 * Usage: npm run deploy [-- stack ...]            (AWS credentials from the usual AWS chain)
 *        PLATFORM_ENV=local npm run deploy        (an emulator at PLATFORM_AWS_ENDPOINT)
 */
import { runPlatformCommand } from './lib/platform-command';

void runPlatformCommand('deploy', process.argv.slice(2));
