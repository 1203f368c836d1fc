import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config';
import { platformSizing } from '../config/sizing';
import { NetworkStack } from './network';
import { SecretsStack } from './secrets';
import { SnowflakeStack } from './snowflake';
import { EMULATOR_DEPLOYS, defineStacks } from './stack-definition';
import { StorageStack } from './storage';

/**
 * Every stack of the platform and its traits: the one list that tests, the offline
 * Terraform checks, the deploy scripts and the emulator test iterate over. Deploy order
 * is not kept here: it follows the cross-stack references (cdktf.out/manifest.json).
 */
export const PLATFORM_STACKS = defineStacks({
  network: {
    description: 'VPC over the configured AZs: public, private and isolated subnets, NAT, flow logs, endpoints',
    providers: ['aws'],
    emulator: EMULATOR_DEPLOYS,
  },
  storage: {
    description: 'Platform KMS key; landing, Airflow log and DAG, dbt artifact and access-log buckets; dbt image repository',
    providers: ['aws'],
    emulator: EMULATOR_DEPLOYS,
  },
  secrets: {
    description: 'Secrets Manager entries: credentials operators set, and keys the platform generates write-only',
    providers: ['aws'],
    emulator: EMULATOR_DEPLOYS,
  },
  snowflake: {
    description: 'Snowflake RAW and ANALYTICS databases, monitored warehouses, least-privilege roles, key-pair service users, Snowpipe bulk loading from the landing bucket',
    providers: ['aws', 'snowflake'],
    emulator: {
      deploys: false,
      reason:
        'needs a Snowflake account: no emulator exists for the snowflake provider, and its AWS part (the integration role, the landing bucket notification) takes its values from Snowflake',
    },
  },
});

export type StackId = keyof typeof PLATFORM_STACKS;

/** The platform's stacks, typed, for cross-stack wiring and tests. */
export interface Platform {
  readonly network: NetworkStack;
  readonly storage: StorageStack;
  readonly secrets: SecretsStack;
  readonly snowflake: SnowflakeStack;
}

/** Builds every stack; the capacity plan is resolved once and each stack gets its slice. */
export function buildPlatform(app: Construct, config: PlatformConfig): Platform {
  const sizing = platformSizing(config);
  const network = new NetworkStack(app, PLATFORM_STACKS.network, { config });
  const storage = new StorageStack(app, PLATFORM_STACKS.storage, { config, sizing: sizing.storage });
  const secrets = new SecretsStack(app, PLATFORM_STACKS.secrets, { config, key: storage.platformKey });
  const snowflake = new SnowflakeStack(app, PLATFORM_STACKS.snowflake, {
    config,
    sizing: sizing.snowflake,
    natPublicIps: network.natPublicIps,
    landingBucket: storage.landingBucket,
    platformKey: storage.platformKey,
    terraformKey: secrets.secrets.snowflakeTerraform,
    serviceUserKeys: { loader: secrets.secrets.snowflakeLoader, transformer: secrets.secrets.snowflakeTransformer, reporter: secrets.secrets.snowflakeReporter },
  });
  return { network, storage, secrets, snowflake };
}
