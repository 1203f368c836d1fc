import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { DescribeSecretCommand, ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import type { PlatformConfig } from '../../config';
import { SECRET_CATALOGUE } from '../../config/secret-catalogue';
import type { AwsClients } from './inventory';

/** `terraform output -json` of each stack: output name to value. */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Collects every mismatch so one run reports all of them. */
export class Checks {
  readonly failures: string[] = [];
  passed = 0;

  equal(what: string, actual: unknown, expected: unknown): void {
    this.ok(what, JSON.stringify(actual) === JSON.stringify(expected), `expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
  }

  ok(what: string, condition: boolean, detail = 'does not hold'): void {
    if (condition) this.passed += 1;
    else this.failures.push(`${what}: ${detail}`);
  }
}

/** Asserts that what the emulator holds is what the configuration says, stack by stack. */
export async function checkDeployedPlatform(config: PlatformConfig, outputs: StackOutputs, aws: AwsClients): Promise<Checks> {
  const checks = new Checks();
  await checkNetwork(config, outputs.network, aws, checks);
  await checkStorage(config, outputs.storage, aws, checks);
  await checkSecrets(config, outputs.storage, outputs.secrets, aws, checks);
  return checks;
}

async function checkNetwork(config: PlatformConfig, outputs: Readonly<Record<string, unknown>>, aws: AwsClients, checks: Checks): Promise<void> {
  const { network, availabilityZones: zones } = config;
  const vpcId = String(outputs.vpc_id);
  const byVpc = [{ Name: 'vpc-id', Values: [vpcId] }];

  const [vpc] = (await aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs ?? [];
  checks.equal('VPC CIDR', vpc?.CidrBlock, network.vpcCidr);
  checks.equal('VPC tag Environment (provider default_tags)', vpc?.Tags?.find((tag) => tag.Key === 'Environment')?.Value, config.environment);
  const hostnames = await aws.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }));
  checks.equal('VPC DNS hostnames', hostnames.EnableDnsHostnames?.Value, true);

  const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ Filters: byVpc }))).Subnets ?? [];
  checks.equal('subnet count (3 tiers x AZs)', subnets.length, 3 * zones.length);
  for (const tier of ['public', 'private', 'isolated'] as const) {
    zones.forEach((zone, index) => {
      const found = subnets.filter((s) => s.AvailabilityZone === zone && s.Tags?.some((t) => t.Key === 'Tier' && t.Value === tier));
      checks.equal(`${tier} subnets in ${zone}`, found.map((s) => s.CidrBlock), [network.subnets[tier][index]]);
      checks.equal(`${tier} subnet in ${zone} assigns no public IPs`, found[0]?.MapPublicIpOnLaunch, false);
    });
    checks.equal(`output ${tier}_subnet_ids`, [...(outputs[`${tier}_subnet_ids`] as string[])].sort(),
      subnets.filter((s) => s.Tags?.some((t) => t.Key === 'Tier' && t.Value === tier)).map((s) => s.SubnetId).sort());
  }

  const nats = ((await aws.ec2.send(new DescribeNatGatewaysCommand({ Filter: byVpc }))).NatGateways ?? []).filter((n) => n.State === 'available');
  const publicSubnets = new Set(outputs.public_subnet_ids as string[]);
  checks.equal(`NAT gateways (natGateways: ${network.natGateways})`, nats.length, network.natGateways === 'perAz' ? zones.length : 1);
  checks.ok('NAT gateways sit in public subnets', nats.every((n) => publicSubnets.has(n.SubnetId!)));

  const tables = (await aws.ec2.send(new DescribeRouteTablesCommand({ Filters: byVpc }))).RouteTables ?? [];
  const tableOf = (subnetId: string) => tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId));
  const defaultRoute = (subnetId: string) => tableOf(subnetId)?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
  for (const subnetId of outputs.private_subnet_ids as string[]) {
    checks.ok(`private subnet ${subnetId} leaves through a NAT gateway`, nats.some((n) => n.NatGatewayId === defaultRoute(subnetId)?.NatGatewayId));
  }
  for (const subnetId of outputs.isolated_subnet_ids as string[]) {
    checks.equal(`isolated subnet ${subnetId} has no route out of the VPC`, defaultRoute(subnetId), undefined);
  }

  const flowLogs = (await aws.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }))).FlowLogs ?? [];
  checks.equal('flow logs on the VPC', flowLogs.length, 1);
  checks.equal('flow log traffic type', flowLogs[0]?.TrafficType, network.flowLogs.trafficType);
  checks.equal('flow log destination type', flowLogs[0]?.LogDestinationType, 'cloud-watch-logs');
  const logGroupName = String(outputs.flow_log_group_name);
  checks.ok('flow log writes to the flow log group', flowLogs[0]?.LogDestination?.endsWith(`:log-group:${logGroupName}`) ?? false, `destination ${flowLogs[0]?.LogDestination}`);
  const [logGroup] = ((await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))).logGroups ?? []).filter((g) => g.logGroupName === logGroupName);
  checks.equal('flow log group retention (days)', logGroup?.retentionInDays, network.flowLogs.retentionDays);
  checks.ok('flow log group is encrypted with a KMS key', Boolean(logGroup?.kmsKeyId), 'no kmsKeyId');

  const [defaultGroup] = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [...byVpc, { Name: 'group-name', Values: ['default'] }] }))).SecurityGroups ?? [];
  checks.equal('default security group ingress rules', defaultGroup?.IpPermissions ?? null, []);
  checks.equal('default security group egress rules', defaultGroup?.IpPermissionsEgress ?? null, []);

  const endpoints = ((await aws.ec2.send(new DescribeVpcEndpointsCommand({ Filters: byVpc }))).VpcEndpoints ?? []).filter((e) => e.State?.toLowerCase() !== 'deleted');
  const services = endpoints.map((e) => `${e.VpcEndpointType}:${e.ServiceName}`).sort();
  const expected = ['Gateway:s3', ...network.interfaceEndpoints.map((service) => `Interface:${service}`)]
    .map((entry) => entry.replace(':', `:com.amazonaws.${config.region}.`))
    .sort();
  checks.equal('VPC endpoints', services, expected);
}

async function checkStorage(config: PlatformConfig, outputs: Readonly<Record<string, unknown>>, aws: AwsClients, checks: Checks): Promise<void> {
  const { storage } = config;
  const keyArn = String(outputs.platform_key_arn);
  const key = await aws.kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
  checks.equal('platform key state', key.KeyMetadata?.KeyState, 'Enabled');
  checks.equal('platform key rotation', (await aws.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn }))).KeyRotationEnabled, true);

  const logBucket = String(outputs.access_logs_bucket_name);
  const dataBuckets = ['landing_bucket_name', 'airflow_logs_bucket_name', 'airflow_dags_bucket_name', 'dbt_artifacts_bucket_name'].map((name) => String(outputs[name]));
  for (const bucket of [...dataBuckets, logBucket]) {
    const [rule] = (await aws.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules ?? [];
    const encryption = rule?.ApplyServerSideEncryptionByDefault;
    if (bucket === logBucket) {
      // S3 log delivery cannot write into SSE-KMS buckets.
      checks.equal(`${bucket} encryption`, encryption?.SSEAlgorithm, 'AES256');
    } else {
      checks.equal(`${bucket} encryption`, [encryption?.SSEAlgorithm, encryption?.KMSMasterKeyID, rule?.BucketKeyEnabled], ['aws:kms', keyArn, true]);
      const logging = (await aws.s3.send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled;
      checks.equal(`${bucket} access logs go to`, logging?.TargetBucket, logBucket);
    }
    checks.equal(`${bucket} versioning`, (await aws.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, 'Enabled');
    const block = (await aws.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
    checks.equal(`${bucket} public access block`, [block?.BlockPublicAcls, block?.BlockPublicPolicy, block?.IgnorePublicAcls, block?.RestrictPublicBuckets], [true, true, true, true]);
    const policy = JSON.parse((await aws.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '{}');
    checks.ok(`${bucket} policy denies every request without TLS`, deniesInsecureTransport(policy, bucket), JSON.stringify(policy));
  }

  const lifecycle = async (bucket: string) => (await aws.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
  const [landingRule] = await lifecycle(String(outputs.landing_bucket_name));
  const tiers = storage.landingLifecycle;
  checks.equal('landing lifecycle transitions', transitionsOf(landingRule), [
    [tiers.infrequentAccessAfterDays, 'STANDARD_IA'],
    [tiers.glacierInstantRetrievalAfterDays, 'GLACIER_IR'],
    [tiers.deepArchiveAfterDays, 'DEEP_ARCHIVE'],
  ]);
  checks.equal('landing noncurrent version expiration (days)', landingRule?.NoncurrentVersionExpiration?.NoncurrentDays, tiers.noncurrentVersionExpirationDays);
  checks.equal('landing lifecycle keeps current versions', landingRule?.Expiration, undefined);
  const [logRule] = await lifecycle(logBucket);
  checks.equal('access logs expire after (days)', logRule?.Expiration?.Days, storage.accessLogRetentionDays);
  for (const bucket of [...dataBuckets, logBucket]) {
    const rules = await lifecycle(bucket);
    checks.ok(`${bucket} lifecycle aborts stale multipart uploads`, rules.some((r) => r.Status === 'Enabled' && r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined));
  }

  const repositoryUrl = String(outputs.dbt_image_repository_url);
  const repositoryName = repositoryUrl.slice(repositoryUrl.indexOf('/') + 1);
  const [repository] = (await aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }))).repositories ?? [];
  checks.equal('dbt image repository tags', repository?.imageTagMutability, 'IMMUTABLE');
  checks.equal('dbt image repository scan on push', repository?.imageScanningConfiguration?.scanOnPush, true);
  checks.equal('dbt image repository encryption', [repository?.encryptionConfiguration?.encryptionType, repository?.encryptionConfiguration?.kmsKey], ['KMS', keyArn]);
  const imagePolicy = JSON.parse((await aws.ecr.send(new GetLifecyclePolicyCommand({ repositoryName }))).lifecyclePolicyText ?? '{}');
  checks.equal('dbt image lifecycle (untagged days, images kept)', imagePolicy.rules?.map((r: { selection: { countNumber: number } }) => r.selection.countNumber), [
    storage.untaggedImageExpiryDays,
    storage.keepTaggedImages,
  ]);
}

async function checkSecrets(
  config: PlatformConfig,
  storageOutputs: Readonly<Record<string, unknown>>,
  outputs: Readonly<Record<string, unknown>>,
  aws: AwsClients,
  checks: Checks,
): Promise<void> {
  const keyArn = String(storageOutputs.platform_key_arn);
  const arns: string[] = [];
  for (const entry of Object.values(SECRET_CATALOGUE)) {
    const name = `${config.namePrefix}/${config.environment}/${entry.name}`;
    const secret = await aws.secrets.send(new DescribeSecretCommand({ SecretId: name }));
    arns.push(String(secret.ARN));
    checks.equal(`secret ${name} key`, secret.KmsKeyId, keyArn);
    const versions = (await aws.secrets.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }))).Versions ?? [];
    checks.equal(`secret ${name} holds no value set by code`, versions.length, 0);
  }
  checks.equal('secrets stack outputs name every secret', Object.values(outputs).map(String).sort(), arns.sort());
}

function deniesInsecureTransport(policy: { Statement?: Record<string, unknown>[] }, bucket: string): boolean {
  const list = (value: unknown) => (Array.isArray(value) ? value : [value]);
  return (policy.Statement ?? []).some((statement) => {
    const resources = list(statement.Resource);
    const condition = (statement.Condition as Record<string, Record<string, unknown>> | undefined)?.Bool?.['aws:SecureTransport'];
    return (
      statement.Effect === 'Deny' &&
      list(statement.Action).includes('s3:*') &&
      resources.includes(`arn:aws:s3:::${bucket}`) &&
      resources.includes(`arn:aws:s3:::${bucket}/*`) &&
      String(condition) === 'false'
    );
  });
}

function transitionsOf(rule: LifecycleRule | undefined): [number | undefined, string | undefined][] {
  return (rule?.Transitions ?? []).map((t) => [t.Days, t.StorageClass] as [number | undefined, string | undefined]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}
