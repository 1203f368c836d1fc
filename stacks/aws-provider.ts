import type { S3BackendConfig, TerraformStack } from 'cdktf';
import { platformTags } from '../aspects/tags';
import type { PlatformConfig } from '../config';
import { AwsProvider } from '../providers/aws';

/**
 * Every AWS service the AWS-only stacks call (network, storage, secrets; EKS, RDS and what
 * they bring next). In the emulator environment a service missing here would be sent to
 * real AWS with test credentials, so a stack that needs a new service adds it here.
 */
export const EMULATED_SERVICES = [
  'cloudwatch',
  'cloudwatchlogs',
  'ec2',
  'ecr',
  'eks',
  'iam',
  'kms',
  'lambda',
  'rds',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'sts',
] as const;

/** What moto and LocalStack accept; never valid on AWS. */
export const EMULATOR_CREDENTIALS = { accessKey: 'test', secretKey: 'test' } as const;

/** The emulator has no STS identity, no instance metadata and no real account to validate against. */
const EMULATOR_SKIPS = { skipCredentialsValidation: true, skipRequestingAccountId: true } as const;

/**
 * The stack's AWS provider: the platform's region and tags, and in the emulator environment
 * (`awsEndpoint` set) the emulator's endpoint for every service, test credentials and the
 * checks an emulator cannot answer. Nothing else differs between environments.
 */
export function addAwsProvider(stack: TerraformStack, config: PlatformConfig): AwsProvider {
  const settings = { region: config.region, defaultTags: [{ tags: platformTags(config) }] };
  if (!config.awsEndpoint) return new AwsProvider(stack, 'aws', settings);
  const endpoint = config.awsEndpoint;
  return new AwsProvider(stack, 'aws', {
    ...settings,
    ...EMULATOR_CREDENTIALS,
    ...EMULATOR_SKIPS,
    skipMetadataApiCheck: 'true',
    s3UsePathStyle: true,
    // An emulator's 500 fails the run in seconds instead of a retry loop of many minutes.
    maxRetries: 3,
    endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, endpoint]))],
  });
}

/** S3 state backend settings that keep state on the emulator; none outside the emulator environment. */
export function emulatorStateBackendSettings(config: PlatformConfig): Partial<S3BackendConfig> {
  if (!config.awsEndpoint) return {};
  return {
    endpoints: { s3: config.awsEndpoint },
    usePathStyle: true,
    ...EMULATOR_CREDENTIALS,
    ...EMULATOR_SKIPS,
    skipMetadataApiCheck: true,
    skipRegionValidation: true,
  };
}
