import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { PlatformSizing } from '../config/sizing';
import { AccessLogBucket } from '../constructs/access-log-bucket';
import { ImageRepository } from '../constructs/image-repository';
import { LandingBucket } from '../constructs/landing-bucket';
import { PlatformKey } from '../constructs/platform-key';
import { SecureBucket } from '../constructs/secure-bucket';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { StackDefinition } from './stack-definition';

export interface StorageStackProps extends PlatformStackProps {
  /** The capacity plan's slice: the landing bucket's lifecycle tiers. */
  readonly sizing: PlatformSizing['storage'];
}

/** The platform's data key, its buckets and the dbt image repository. */
export class StorageStack extends PlatformStack {
  /** Encrypts buckets, the image repository and secrets. */
  readonly platformKey: PlatformKey;
  readonly landingBucket: LandingBucket;
  readonly airflowLogsBucket: SecureBucket;
  readonly airflowDagsBucket: SecureBucket;
  readonly dbtArtifactsBucket: SecureBucket;
  /** Airbyte's logs, state, workload output and activity payloads (the chart's `global.storage.bucket.*`). */
  readonly airbyteBucket: SecureBucket;
  readonly dbtImageRepository: ImageRepository;
  /** The Airflow image (dags/Dockerfile): the official image plus the providers the DAGs import. */
  readonly airflowImageRepository: ImageRepository;

  constructor(scope: Construct, definition: StackDefinition, props: StorageStackProps) {
    super(scope, definition, props);
    const { storage } = props.config;
    const names = this.names;

    this.platformKey = new PlatformKey(this, 'platform-key', {
      alias: names.keyAlias('data'),
      description: `Encrypts ${this.baseName} data: buckets, images and secrets`,
    });
    const key = this.platformKey;
    const accessLogs = new AccessLogBucket(this, 'access-log-bucket', {
      namePrefix: names.bucketPrefix('access-logs'),
      sourceBucketPrefix: `${this.baseName}-`,
      accountId: key.accountId,
      partition: key.partition,
      retentionDays: storage.accessLogRetentionDays,
    });

    this.landingBucket = new LandingBucket(this, 'landing-bucket', {
      namePrefix: names.bucketPrefix('landing'),
      key,
      accessLogs,
      tiers: props.sizing.landingLifecycle,
    });
    this.airflowLogsBucket = new SecureBucket(this, 'airflow-logs-bucket', {
      namePrefix: names.bucketPrefix('airflow-logs'),
      key,
      accessLogs,
      transitions: [{ days: storage.airflowLogs.infrequentAccessAfterDays, storageClass: 'STANDARD_IA' }],
      expirationDays: storage.airflowLogs.expirationDays,
    });
    this.airflowDagsBucket = new SecureBucket(this, 'airflow-dags-bucket', { namePrefix: names.bucketPrefix('airflow-dags'), key, accessLogs });
    this.dbtArtifactsBucket = new SecureBucket(this, 'dbt-artifacts-bucket', {
      namePrefix: names.bucketPrefix('dbt-artifacts'),
      key,
      accessLogs,
      expirationDays: storage.dbtArtifacts.expirationDays,
    });
    this.airbyteBucket = new SecureBucket(this, 'airbyte-bucket', {
      namePrefix: names.bucketPrefix('airbyte'),
      key,
      accessLogs,
      transitions: [{ days: storage.airbyte.infrequentAccessAfterDays, storageClass: 'STANDARD_IA' }],
      expirationDays: storage.airbyte.expirationDays,
    });
    this.dbtImageRepository = new ImageRepository(this, 'dbt-image-repository', {
      name: names.repositoryName('dbt'),
      key,
      untaggedExpiryDays: storage.untaggedImageExpiryDays,
      keepImages: storage.keepTaggedImages,
    });
    this.airflowImageRepository = new ImageRepository(this, 'airflow-image-repository', {
      name: names.repositoryName('airflow'),
      key,
      untaggedExpiryDays: storage.untaggedImageExpiryDays,
      keepImages: storage.keepTaggedImages,
    });

    new TerraformOutput(this, 'platform_key_arn', { value: key.keyArn, description: 'ARN of the KMS key encrypting platform data' });
    new TerraformOutput(this, 'landing_bucket_name', { value: this.landingBucket.bucketName, description: 'Bucket where every source lands raw' });
    new TerraformOutput(this, 'airflow_logs_bucket_name', { value: this.airflowLogsBucket.bucketName, description: 'Bucket for Airflow remote task logs' });
    new TerraformOutput(this, 'airflow_dags_bucket_name', { value: this.airflowDagsBucket.bucketName, description: 'Bucket Airflow syncs its DAGs from' });
    new TerraformOutput(this, 'dbt_artifacts_bucket_name', { value: this.dbtArtifactsBucket.bucketName, description: 'Bucket for dbt manifests, run results and docs' });
    new TerraformOutput(this, 'airbyte_bucket_name', { value: this.airbyteBucket.bucketName, description: "Bucket for Airbyte's logs, state and workload output" });
    new TerraformOutput(this, 'access_logs_bucket_name', { value: accessLogs.bucketName, description: 'Bucket receiving S3 server access logs of all platform buckets' });
    new TerraformOutput(this, 'dbt_image_repository_url', { value: this.dbtImageRepository.repositoryUrl, description: 'ECR repository for the dbt image (immutable tags)' });
    new TerraformOutput(this, 'airflow_image_repository_url', { value: this.airflowImageRepository.repositoryUrl, description: 'ECR repository for the Airflow image (immutable tags)' });
  }
}
