import type { PlatformConfigInput } from '../schema';
import { dev } from './dev';

/** moto and LocalStack both listen here by default. */
const DEFAULT_EMULATOR_ENDPOINT = 'http://127.0.0.1:4566';

/**
 * `dev` deployed into an AWS API emulator on this machine: same resources and settings,
 * its own name, state of its own (never mixed with real dev state), and every AWS call
 * sent to PLATFORM_AWS_ENDPOINT. With PLATFORM_LOCAL_STATE_BUCKET set, state lives in that
 * (pre-created) bucket on the emulator instead, with S3-native locking.
 */
export function local(): PlatformConfigInput {
  const stateBucket = process.env.PLATFORM_LOCAL_STATE_BUCKET;
  return {
    ...dev,
    environment: 'local',
    awsEndpoint: process.env.PLATFORM_AWS_ENDPOINT || DEFAULT_EMULATOR_ENDPOINT,
    stateBackend: stateBucket
      ? { type: 's3', bucket: stateBucket, keyPrefix: 'data-platform/local', region: dev.region, encrypt: true, useLockfile: true }
      : { type: 'local', directory: 'terraform-state/local' },
  };
}
