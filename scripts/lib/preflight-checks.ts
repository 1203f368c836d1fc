import type { PlatformConfig } from '../../config';
import type { PreflightCheck } from '../../stacks/stack-definition';
import { assertDatabaseReachable } from './database-reachability';

/** Each check a registry entry can name, run right before that stack (after the stacks it reads). */
const CHECKS: Readonly<Record<PreflightCheck, (config: PlatformConfig) => Promise<void>>> = {
  'postgres-admin-endpoint-reachable': assertDatabaseReachable,
};

/** Runs the stack's preflight check, if its registry entry names one; throws with the fix when it fails. */
export async function runPreflight(check: PreflightCheck | undefined, config: PlatformConfig): Promise<void> {
  if (check) await CHECKS[check](config);
}
