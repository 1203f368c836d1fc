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
import type { Checks, DeployedPlatform, StackOnEmulator } from '../deploy/emulator-stack';

/** The storage stack on the emulator: key, buckets and image repository as configured. */
export const onEmulator: StackOnEmulator = {
  creates: ['bucket', 'kms-key', 'kms-alias', 'ecr-repository'],
  check: checkStorage,
  driftGaps: [],
  leftovers: [{ kind: 'kms-key', alsoOnAws: true, reason: 'KMS keys wait out their deletion window', matches: (item) => item.state === 'PendingDeletion' }],
};

async function checkStorage(deployed: DeployedPlatform, checks: Checks): Promise<void> {
  const { config, aws } = deployed;
  const outputs = deployed.outputs.storage;
  const { storage } = config;
  const keyArn = String(outputs.platform_key_arn);
  const key = await aws.kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
  checks.equal('platform key state', key.KeyMetadata?.KeyState, 'Enabled');
  checks.equal('platform key rotation', (await aws.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn }))).KeyRotationEnabled, true);

  const logBucket = String(outputs.access_logs_bucket_name);
  const dataBuckets = ['landing_bucket_name', 'airflow_logs_bucket_name', 'airflow_dags_bucket_name', 'dbt_artifacts_bucket_name', 'airbyte_bucket_name'].map((name) => String(outputs[name]));
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
