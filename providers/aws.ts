/**
 * The hashicorp/aws family: every class the platform uses, imported by deep path (the
 * package root costs seconds and hundreds of MiB per process), and the function that
 * configures the provider for a stack. Keeping them here makes a move to another binding
 * (e.g. CDK Terrain) a one-file change.
 */
import type { S3BackendConfig, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { platformTags } from '../aspects/tags';
import type { PlatformConfig } from '../config';
import { EphemeralResource } from './ephemeral';

export { AwsProvider } from '@cdktf/provider-aws/lib/provider';
export { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
export { DataAwsEcrImage } from '@cdktf/provider-aws/lib/data-aws-ecr-image';
export { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
export { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
export { DataAwsSecretsmanagerSecretVersions } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions';
export { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
export { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
export { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
export { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
export { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
export { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
export { Eip } from '@cdktf/provider-aws/lib/eip';
export { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
export { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
export { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
export { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
export { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
export { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
export { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
export { IamRole } from '@cdktf/provider-aws/lib/iam-role';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
export { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
export { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
export { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
export { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
export { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
export { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
export { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
export { NetworkAcl } from '@cdktf/provider-aws/lib/network-acl';
export { Route } from '@cdktf/provider-aws/lib/route';
export { RouteTable } from '@cdktf/provider-aws/lib/route-table';
export { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
export { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
export { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
export { S3BucketLoggingA as S3BucketLogging } from '@cdktf/provider-aws/lib/s3-bucket-logging';
export { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
export { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
export { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
export { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
export { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
export { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
export { S3Object } from '@cdktf/provider-aws/lib/s3-object';
export { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
export { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
export { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
export { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
export { Subnet } from '@cdktf/provider-aws/lib/subnet';
export { Vpc } from '@cdktf/provider-aws/lib/vpc';
export { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
export { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/**
 * Every AWS service a stack calls. In the emulator environment a service missing here would
 * be sent to real AWS with test credentials, so a stack that needs a new service adds it here.
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
export function configureAws(stack: TerraformStack, config: PlatformConfig): AwsProvider {
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

export interface RandomPasswordSettings {
  /** Characters in the password. */
  readonly length: number;
  /** Letters and digits only, so the value needs no escaping in URLs, env files or connection strings. @default true */
  readonly alphanumeric?: boolean;
}

/**
 * A password from Secrets Manager's GetRandomPassword, opened at plan and apply only: write
 * it through a write-only attribute (`secret_string_wo`, `password_wo`) and no copy reaches
 * plan or state.
 */
export function ephemeralRandomPassword(scope: Construct, id: string, settings: RandomPasswordSettings): EphemeralResource<'random_password'> {
  return new EphemeralResource(scope, id, 'aws_secretsmanager_random_password', {
    password_length: settings.length,
    exclude_punctuation: settings.alphanumeric ?? true,
  });
}

/** The current value of a secret, read at plan and apply only (e.g. for a provider login or a `password_wo`). */
export function ephemeralSecretValue(scope: Construct, id: string, secretArn: string): EphemeralResource<'secret_string'> {
  return new EphemeralResource(scope, id, 'aws_secretsmanager_secret_version', { secret_id: secretArn });
}
