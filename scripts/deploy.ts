/**
 * Deploys every AWS-only stack of PLATFORM_ENV (default dev) in dependency order.
 * Usage: npm run deploy            (AWS credentials from the usual AWS chain)
 *        PLATFORM_ENV=local npm run deploy   (an emulator at PLATFORM_AWS_ENDPOINT)
 */
import { runPlatformCommand } from './lib/platform-command';
import { deployPlatform } from './lib/platform-deploy';

void runPlatformCommand('deploy', deployPlatform);
