import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { AccessLogBucket } from '../constructs/access-log-bucket';
import { ImageRepository } from '../constructs/image-repository';
import { LandingBucket } from '../constructs/landing-bucket';
import { PlatformKey } from '../constructs/platform-key';
import { SecureBucket } from '../constructs/secure-bucket';
import { PlatformStack, type PlatformStackProps } from './platform-stack';

/** The platform's data key, its buckets and the dbt image repository. */
export class StorageStack extends PlatformStack {
  /** Encrypts buckets, the image repository and secrets. */
  readonly platformKey: PlatformKey;
  readonly landingBucket: LandingBucket;
  readonly airflowLogsBucket: SecureBucket;
  readonly airflowDagsBucket: SecureBucket;
  readonly dbtArtifactsBucket: SecureBucket;
  readonly dbtImageRepository: ImageRepository;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const { storage } = props.config;
    const name = this.baseName;

    this.platformKey = new PlatformKey(this, 'platform-key', {
      alias: `${name}-data`,
      description: `Encrypts ${name} data: buckets, images and secrets`,
    });
    const accessLogs = new AccessLogBucket(this, 'access-log-bucket', {
      namePrefix: `${name}-access-logs-`,
      sourceBucketPrefix: `${name}-`,
      accountId: this.platformKey.accountId,
      partition: this.platformKey.partition,
      retentionDays: storage.accessLogRetentionDays,
    });
    const key = this.platformKey;

    this.landingBucket = new LandingBucket(this, 'landing-bucket', {
      namePrefix: `${name}-landing-`,
      key,
      accessLogs,
      // Defaults come from the capacity model (config/sizing/lifecycle.ts); set fields override a tier.
      tiers: storage.landingLifecycle,
    });
    this.airflowLogsBucket = new SecureBucket(this, 'airflow-logs-bucket', {
      namePrefix: `${name}-airflow-logs-`,
      key,
      accessLogs,
      transitions: [{ days: 30, storageClass: 'STANDARD_IA' }],
      expirationDays: 365,
    });
    this.airflowDagsBucket = new SecureBucket(this, 'airflow-dags-bucket', { namePrefix: `${name}-airflow-dags-`, key, accessLogs });
    this.dbtArtifactsBucket = new SecureBucket(this, 'dbt-artifacts-bucket', {
      namePrefix: `${name}-dbt-artifacts-`,
      key,
      accessLogs,
      expirationDays: 180,
    });
    this.dbtImageRepository = new ImageRepository(this, 'dbt-image-repository', {
      name: `${name}/dbt`,
      key,
      untaggedExpiryDays: storage.untaggedImageExpiryDays,
      keepImages: storage.keepTaggedImages,
    });

    new TerraformOutput(this, 'platform_key_arn', { value: key.keyArn, description: 'ARN of the KMS key encrypting platform data' });
    new TerraformOutput(this, 'landing_bucket_name', { value: this.landingBucket.bucketName, description: 'Bucket where every source lands raw' });
    new TerraformOutput(this, 'airflow_logs_bucket_name', { value: this.airflowLogsBucket.bucketName, description: 'Bucket for Airflow remote task logs' });
    new TerraformOutput(this, 'airflow_dags_bucket_name', { value: this.airflowDagsBucket.bucketName, description: 'Bucket Airflow syncs its DAGs from' });
    new TerraformOutput(this, 'dbt_artifacts_bucket_name', { value: this.dbtArtifactsBucket.bucketName, description: 'Bucket for dbt manifests, run results and docs' });
    new TerraformOutput(this, 'access_logs_bucket_name', { value: accessLogs.bucketName, description: 'Bucket receiving S3 server access logs of all platform buckets' });
    new TerraformOutput(this, 'dbt_image_repository_url', { value: this.dbtImageRepository.repositoryUrl, description: 'ECR repository for the dbt image (immutable tags)' });
  }
}
