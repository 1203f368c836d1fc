import { z } from 'zod';
import { addressCount, canonical, contains, formatCidr, hasHostBits, overlaps, parseCidr, type Cidr } from './cidr';
import { sizingInputsSchema } from './sizing/inputs';
import { S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS, S3_INFREQUENT_ACCESS_MIN_DAYS, S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS } from './sizing/assumptions';
import { modelLandingLifecycle } from './sizing/lifecycle';

/** Values CloudWatch Logs accepts for a log group's retention. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Interface endpoints the network can create; private nodes reach these services without NAT. */
export const INTERFACE_ENDPOINT_SERVICES = [
  'sts',
  'ecr.api',
  'ecr.dkr',
  'secretsmanager',
  'logs',
  'kms',
  'ec2',
  'elasticloadbalancing',
  'autoscaling',
  'eks',
  'eks-auth',
] as const;

/** AWS refuses subnets smaller than /28 and VPCs outside /16../28. */
const AWS_MIN_SUBNET_PREFIX = 28;
const AWS_MAX_VPC_PREFIX = 16;

/**
 * EKS's VPC CNI gives every pod an address from the node's subnet, so private subnets
 * need room for the pods of the ingestion and orchestration node groups, not just nodes.
 */
const MIN_PRIVATE_SUBNET_ADDRESSES = 1024;

const SUBNET_TIERS = ['public', 'private', 'isolated'] as const;

function cidrField(what: string) {
  return z.string().superRefine((value, ctx) => {
    const cidr = parseCidr(value);
    if (!cidr) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a valid IPv4 CIDR; write ${what} as a.b.c.d/n with octets 0-255 and n from 0 to 32`,
      });
    } else if (hasHostBits(cidr)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" has host bits set; did you mean "${formatCidr(canonical(cidr))}"?`,
      });
    }
  });
}

const nameSegment = (maxLength: number) =>
  z
    .string()
    .regex(new RegExp(`^[a-z][a-z0-9-]{0,${maxLength - 2}}[a-z0-9]$`), {
      message: `must be 2-${maxLength} characters of lower-case letters, digits and hyphens, starting with a letter (it becomes part of bucket and resource names)`,
    });

const tagsSchema = z.record(
  z
    .string()
    .min(1)
    .max(128, { message: 'tag keys are at most 128 characters' })
    .refine((key) => !key.toLowerCase().startsWith('aws:'), { message: 'tag keys starting with "aws:" are reserved by AWS' }),
  z.string().max(256, { message: 'tag values are at most 256 characters' }),
);

const s3BucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'must be a valid S3 bucket name: 3-63 characters of lower-case letters, digits, dots and hyphens',
  });

const regionSchema = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, {
  message: 'must be an AWS region name such as "us-east-1" or "eu-west-1"',
});

/** The environment that deploys to an AWS API emulator (moto, LocalStack) instead of AWS. */
export const EMULATOR_ENVIRONMENT = 'local';

const emulatorEndpointSchema = z.string().superRefine((value, ctx) => {
  if (!isHttpUrl(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not an http(s) URL; set PLATFORM_AWS_ENDPOINT to the emulator's address, e.g. "http://127.0.0.1:4566"`,
    });
  }
});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const stateBackendSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local'),
    /** Folder for state files, relative to the project root. @default "terraform-state" */
    directory: z
      .string()
      .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, {
        message: 'must be a relative folder inside the project, e.g. "terraform-state"',
      })
      .refine((dir) => !dir.split('/').includes('..'), { message: 'must stay inside the project (no "..")' })
      .default('terraform-state'),
  }),
  z.strictObject({
    type: z.literal('s3'),
    /** Existing, versioned state bucket (see README: state backend bootstrap). */
    bucket: s3BucketName,
    /** Key prefix; each stack's state is `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()\/-]+$/, { message: 'must be a non-empty S3 key prefix such as "data-platform/prod"' }),
    region: regionSchema,
    /** Server-side encryption of state objects. @default true */
    encrypt: z.literal(true, { message: 'must be true: state holds resource attributes that must be encrypted at rest' }).default(true),
    /** S3-native state locking (Terraform >= 1.10), no DynamoDB table. @default true */
    useLockfile: z.boolean().default(true),
  }),
]);

const networkSchema = z.strictObject({
  vpcCidr: cidrField('the VPC range'),
  /** One subnet per availability zone and tier, in the order of `availabilityZones`. */
  subnets: z.strictObject({
    public: z.array(cidrField('a public subnet')),
    private: z.array(cidrField('a private subnet')),
    isolated: z.array(cidrField('an isolated subnet')),
  }),
  /** `perAz` keeps egress up when one AZ fails; `single` saves cost outside prod. */
  natGateways: z.enum(['single', 'perAz']),
  interfaceEndpoints: z
    .array(z.enum(INTERFACE_ENDPOINT_SERVICES))
    .default(['sts', 'ecr.api', 'ecr.dkr', 'secretsmanager', 'logs']),
  flowLogs: z
    .strictObject({
      trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL'),
      retentionDays: z
        .number()
        .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
          message: `must be one of CloudWatch Logs' retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
        })
        .default(365),
      aggregationIntervalSeconds: z.union([z.literal(60), z.literal(600)]).default(60),
    })
    .default({ trafficType: 'ALL', retentionDays: 365, aggregationIntervalSeconds: 60 }),
});

/** The capacity model's landing tiers; a field set in `storage.landingLifecycle` overrides its tier. */
const modelTiers = modelLandingLifecycle();

const storageSchema = z
  .strictObject({
    landingLifecycle: z
      .strictObject({
        infrequentAccessAfterDays: z.number().int().min(S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS, { message: `S3 allows STANDARD_IA only from ${S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS} days` }).default(modelTiers.infrequentAccessAfterDays),
        glacierInstantRetrievalAfterDays: z.number().int().positive().default(modelTiers.glacierInstantRetrievalAfterDays),
        deepArchiveAfterDays: z.number().int().positive().default(modelTiers.deepArchiveAfterDays),
        noncurrentVersionExpirationDays: z.number().int().positive().default(modelTiers.noncurrentVersionExpirationDays),
      })
      .default(modelTiers)
      .superRefine((tiers, ctx) => {
        if (tiers.glacierInstantRetrievalAfterDays < tiers.infrequentAccessAfterDays + S3_INFREQUENT_ACCESS_MIN_DAYS) {
          ctx.addIssue({
            code: 'custom',
            path: ['glacierInstantRetrievalAfterDays'],
            message: `must be at least ${S3_INFREQUENT_ACCESS_MIN_DAYS} days after infrequentAccessAfterDays (${tiers.infrequentAccessAfterDays}); S3 keeps objects in STANDARD_IA for ${S3_INFREQUENT_ACCESS_MIN_DAYS} days before the next transition`,
          });
        }
        if (tiers.deepArchiveAfterDays < tiers.glacierInstantRetrievalAfterDays + S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS) {
          ctx.addIssue({
            code: 'custom',
            path: ['deepArchiveAfterDays'],
            message: `must be at least ${S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS} days after glacierInstantRetrievalAfterDays (${tiers.glacierInstantRetrievalAfterDays}); Glacier Instant Retrieval bills a ${S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS}-day minimum`,
          });
        }
      }),
    accessLogRetentionDays: z.number().int().positive().default(365),
    /** Untagged dbt images expire after this many days; tagged ones are kept up to `keepTaggedImages`. */
    untaggedImageExpiryDays: z.number().int().positive().default(7),
    keepTaggedImages: z.number().int().positive().default(50),
  })
  .default({
    landingLifecycle: modelTiers,
    accessLogRetentionDays: 365,
    untaggedImageExpiryDays: 7,
    keepTaggedImages: 50,
  });

const secretsSchema = z
  .strictObject({
    /** Days a deleted secret can still be restored. */
    recoveryWindowDays: z
      .number()
      .int()
      .min(7, { message: 'must be 7-30 days: Secrets Manager allows no shorter recovery window (0 would delete at once)' })
      .max(30, { message: 'must be 7-30 days' })
      .default(30),
  })
  .default({ recoveryWindowDays: 30 });

export const platformConfigSchema = z
  .strictObject({
    /** Environment name; part of every resource name. */
    environment: nameSegment(10),
    /** Short product prefix for resource names, e.g. "dp". */
    namePrefix: nameSegment(12),
    region: regionSchema,
    /** AZ names, written out so the network plans offline without a data-source lookup. */
    availabilityZones: z.array(z.string()).min(2, { message: 'needs at least 2 availability zones for EKS and RDS' }).max(6),
    /** Tags for every taggable resource, on top of Project, Environment and ManagedBy. */
    tags: tagsSchema.default({}),
    stateBackend: stateBackendSchema.default({ type: 'local', directory: 'terraform-state' }),
    /**
     * Where every AWS API call goes instead of AWS: an emulator, reached with test credentials.
     * Only the `local` environment sets it (from PLATFORM_AWS_ENDPOINT). @default AWS itself
     */
    awsEndpoint: emulatorEndpointSchema.optional(),
    /** CIDRs that may reach admin endpoints (EKS API, Airbyte server). Empty: private access only. */
    adminCidrs: z.array(cidrField('an admin range')).default([]),
    network: networkSchema,
    storage: storageSchema,
    secrets: secretsSchema,
    sizing: sizingInputsSchema,
  })
  .superRefine((config, ctx) => {
    checkAvailabilityZones(config.region, config.availabilityZones, ctx);
    checkSubnetLayout(config.network, config.availabilityZones.length, ctx);
    checkNameLength(config, ctx);
    checkProductionSafety(config, ctx);
    checkEmulatorEndpoint(config, ctx);
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

function checkSubnetLayout(network: RawConfig['network'], zoneCount: number, ctx: Ctx): void {
  const vpc = parseCidr(network.vpcCidr);
  if (vpc && (vpc.prefix < AWS_MAX_VPC_PREFIX || vpc.prefix > AWS_MIN_SUBNET_PREFIX)) {
    ctx.addIssue({
      code: 'custom',
      path: ['network', 'vpcCidr'],
      message: `"${network.vpcCidr}" has prefix /${vpc.prefix}; AWS VPCs must be /${AWS_MAX_VPC_PREFIX} to /${AWS_MIN_SUBNET_PREFIX}`,
    });
  }
  const placed: { path: (string | number)[]; text: string; cidr: Cidr }[] = [];
  for (const tier of SUBNET_TIERS) {
    const subnets = network.subnets[tier];
    if (subnets.length !== zoneCount) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'subnets', tier],
        message: `has ${subnets.length} subnet${subnets.length === 1 ? '' : 's'} but there are ${zoneCount} availability zones; give exactly one per zone, in the same order`,
      });
    }
    subnets.forEach((text, index) => {
      const cidr = parseCidr(text);
      if (!cidr || hasHostBits(cidr)) return;
      const path = ['network', 'subnets', tier, index];
      if (cidr.prefix > AWS_MIN_SUBNET_PREFIX) {
        ctx.addIssue({ code: 'custom', path, message: `"${text}" is smaller than /${AWS_MIN_SUBNET_PREFIX}, the smallest subnet AWS allows` });
      } else if (tier === 'private' && addressCount(cidr) < MIN_PRIVATE_SUBNET_ADDRESSES) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${text}" holds ${addressCount(cidr)} addresses; private subnets need at least ${MIN_PRIVATE_SUBNET_ADDRESSES} (/22) because every EKS pod takes a VPC address`,
        });
      }
      if (vpc && !contains(vpc, cidr)) {
        ctx.addIssue({ code: 'custom', path, message: `"${text}" is outside the VPC range "${network.vpcCidr}"` });
      }
      const clash = placed.find((other) => overlaps(other.cidr, cidr));
      if (clash) {
        ctx.addIssue({ code: 'custom', path, message: `"${text}" overlaps ${clash.path.join('.')} ("${clash.text}"); subnets must not share addresses` });
      }
      placed.push({ path, text, cidr });
    });
  }
}

/** S3's bucket_prefix allows 37 characters; the longest platform prefix is `<namePrefix>-<environment>-dbt-artifacts-`. */
const MAX_NAME_STEM_LENGTH = 37 - '--dbt-artifacts-'.length;

function checkNameLength(config: RawConfig, ctx: Ctx): void {
  const stem = `${config.namePrefix}${config.environment}`;
  if (stem.length > MAX_NAME_STEM_LENGTH) {
    ctx.addIssue({
      code: 'custom',
      path: ['namePrefix'],
      message: `"${config.namePrefix}" with environment "${config.environment}" is ${stem.length} characters; together they may have at most ${MAX_NAME_STEM_LENGTH}, or bucket names exceed S3's 37-character prefix limit`,
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
      message: 'must be true in prod: without the lock, two deploys can overwrite each other\'s state',
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
