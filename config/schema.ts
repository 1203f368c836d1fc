import { z } from 'zod';
import { parseCidr } from './cidr';
import { cidrField, isHttpUrl, nameSegment, regionField, tagsField } from './fields';
import { PlatformNames } from './naming';
import { airbyteConnectionsSchema } from './sections/airbyte-connections';
import { airbyteSchema, checkAirbyteProduction } from './sections/airbyte';
import { airflowSchema, checkAirflowImages } from './sections/airflow';
import { checkAutoscalerMatchesCluster, clusterAddonsSchema } from './sections/cluster-addons';
import { checkClusterAdministrators, eksSchema } from './sections/eks';
import { checkSubnetLayout, networkSchema } from './sections/network';
import { checkPostgresProduction, postgresSchema } from './sections/postgres';
import { secretsSchema } from './sections/secrets';
import { snowflakeSchema } from './sections/snowflake';
import { stateBackendSchema } from './sections/state-backend';
import { storageSchema } from './sections/storage';
import { sizingInputsSchema } from './sizing/inputs';

/** The environment that deploys to an AWS API emulator (moto, LocalStack) instead of AWS. */
export const EMULATOR_ENVIRONMENT = 'local';

const emulatorEndpointField = z.string().superRefine((value, ctx) => {
  if (!isHttpUrl(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not an http(s) URL; set PLATFORM_AWS_ENDPOINT to the emulator's address, e.g. "http://127.0.0.1:4566"`,
    });
  }
});

/**
 * The whole platform's configuration: settings every stack shares, then one section per
 * stack (config/sections/, mirroring stacks/), then the capacity model's inputs.
 */
export const platformConfigSchema = z
  .strictObject({
    /** Environment name; part of every resource name. */
    environment: nameSegment(10),
    /** Short product prefix for resource names, e.g. "dp". */
    namePrefix: nameSegment(12),
    region: regionField,
    /** AZ names, written out so the network plans offline without a data-source lookup. */
    availabilityZones: z.array(z.string()).min(2, { message: 'needs at least 2 availability zones for EKS and RDS' }).max(6),
    /** Tags for every taggable resource, on top of Project, Environment and ManagedBy. */
    tags: tagsField.default({}),
    stateBackend: stateBackendSchema.default({ type: 'local', directory: 'terraform-state' }),
    /**
     * Where every AWS API call goes instead of AWS: an emulator, reached with test credentials.
     * Only the `local` environment sets it (from PLATFORM_AWS_ENDPOINT). @default AWS itself
     */
    awsEndpoint: emulatorEndpointField.optional(),
    /** CIDRs that may reach admin endpoints (EKS API, Airbyte server). Empty: private access only. */
    adminCidrs: z.array(cidrField('an admin range')).default([]),
    network: networkSchema,
    storage: storageSchema,
    secrets: secretsSchema,
    eks: eksSchema,
    clusterAddons: clusterAddonsSchema,
    snowflake: snowflakeSchema,
    postgres: postgresSchema,
    airbyte: airbyteSchema,
    airbyteConnections: airbyteConnectionsSchema,
    airflow: airflowSchema,
    sizing: sizingInputsSchema,
  })
  .superRefine((config, ctx) => {
    checkAvailabilityZones(config.region, config.availabilityZones, ctx);
    checkSubnetLayout(config.network, config.availabilityZones.length, ctx);
    checkDerivedNames(config, ctx);
    checkProductionSafety(config, ctx);
    if (config.environment === 'prod') checkPostgresProduction(config.postgres, ctx);
    if (config.environment === 'prod') checkAirbyteProduction(config.airbyte, ctx);
    checkEmulatorEndpoint(config, ctx);
    checkClusterAdministrators(config.eks, ctx);
    checkAutoscalerMatchesCluster(config.clusterAddons, config.eks.kubernetesVersion, ctx);
    checkAirflowImages(config, ctx);
    config.adminCidrs.forEach((value, index) => {
      if (parseCidr(value)?.prefix === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['adminCidrs', index],
          message: `"${value}" opens admin endpoints to the whole internet; list your office or VPN ranges instead`,
        });
      }
    });
  });

type RawConfig = z.output<typeof platformConfigSchema>;
type Ctx = z.RefinementCtx;

function checkAvailabilityZones(region: string, zones: readonly string[], ctx: Ctx): void {
  zones.forEach((zone, index) => {
    if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['availabilityZones', index],
        message: `"${zone}" is not an availability zone of region "${region}"; use names like "${region}a"`,
      });
    }
  });
  const duplicates = zones.filter((zone, index) => zones.indexOf(zone) !== index);
  if (duplicates.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['availabilityZones'], message: `lists ${duplicates.join(', ')} more than once` });
  }
}

/** Every name derived from namePrefix and environment fits its service's limits (config/naming.ts). */
function checkDerivedNames(config: RawConfig, ctx: Ctx): void {
  for (const problem of new PlatformNames(config).problems()) {
    ctx.addIssue({
      code: 'custom',
      path: ['namePrefix'],
      message: `"${config.namePrefix}" with environment "${config.environment}" makes a name its service refuses: ${problem.message}; choose a shorter namePrefix or environment`,
    });
  }
}

function checkProductionSafety(config: RawConfig, ctx: Ctx): void {
  if (config.environment !== 'prod') return;
  if (config.network.natGateways !== 'perAz') {
    ctx.addIssue({
      code: 'custom',
      path: ['network', 'natGateways'],
      message: '"single" makes one AZ a single point of failure for all egress; prod requires "perAz"',
    });
  }
  if (config.stateBackend.type !== 's3') {
    ctx.addIssue({
      code: 'custom',
      path: ['stateBackend', 'type'],
      message: 'prod state must be shared and locked; use "s3" with a versioned bucket (see README: state backend bootstrap)',
    });
  }
  if (config.stateBackend.type === 's3' && !config.stateBackend.useLockfile) {
    ctx.addIssue({
      code: 'custom',
      path: ['stateBackend', 'useLockfile'],
      message: "must be true in prod: without the lock, two deploys can overwrite each other's state",
    });
  }
}

function checkEmulatorEndpoint(config: RawConfig, ctx: Ctx): void {
  const isEmulatorEnvironment = config.environment === EMULATOR_ENVIRONMENT;
  if (isEmulatorEnvironment && !config.awsEndpoint) {
    ctx.addIssue({
      code: 'custom',
      path: ['awsEndpoint'],
      message: `is required in the "${EMULATOR_ENVIRONMENT}" environment, which deploys only to an emulator; set it to the emulator's URL (config/environments/local.ts reads PLATFORM_AWS_ENDPOINT)`,
    });
  }
  if (!isEmulatorEnvironment && config.awsEndpoint) {
    ctx.addIssue({
      code: 'custom',
      path: ['awsEndpoint'],
      message: `only the "${EMULATOR_ENVIRONMENT}" environment may send AWS calls to an emulator; remove it from "${config.environment}" or use PLATFORM_ENV=${EMULATOR_ENVIRONMENT}`,
    });
  }
}

/** What an environment file writes: defaults may be left out. */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
/** Validated configuration with every default filled in. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;
