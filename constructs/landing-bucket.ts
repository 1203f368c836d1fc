import { Construct } from 'constructs';
import type { PlatformKey } from './platform-key';
import { SecureBucket, type AccessLogDestination } from './secure-bucket';

/** When landed objects move to colder, cheaper storage. */
export interface LandingTiers {
  /** Days before STANDARD_IA; S3 allows 30 at the earliest. */
  readonly infrequentAccessAfterDays: number;
  /** Days before GLACIER_IR (still millisecond reads, for reprocessing). */
  readonly glacierInstantRetrievalAfterDays: number;
  /** Days before DEEP_ARCHIVE (kept for audit and replay, hours to restore). */
  readonly deepArchiveAfterDays: number;
  /** Days a replaced or deleted version is kept. */
  readonly noncurrentVersionExpirationDays: number;
}

export interface LandingBucketProps {
  /** Prefix of the bucket name, e.g. `dp-dev-landing-`. */
  readonly namePrefix: string;
  readonly key: PlatformKey;
  readonly accessLogs: AccessLogDestination;
  readonly tiers: LandingTiers;
}

/**
 * Where file-shaped sources land raw (JSON, XML, CSV/Parquet exports, emails, PDFs,
 * documents, images) before loading; CDC and partner APIs flow through Airbyte instead.
 * Hot for the batch that reads it, then tiered down, never deleted.
 */
export class LandingBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: LandingBucketProps) {
    super(scope, id);
    const bucket = new SecureBucket(this, 'bucket', {
      namePrefix: props.namePrefix,
      key: props.key,
      accessLogs: props.accessLogs,
      transitions: [
        { days: props.tiers.infrequentAccessAfterDays, storageClass: 'STANDARD_IA' },
        { days: props.tiers.glacierInstantRetrievalAfterDays, storageClass: 'GLACIER_IR' },
        { days: props.tiers.deepArchiveAfterDays, storageClass: 'DEEP_ARCHIVE' },
      ],
      noncurrentVersionExpirationDays: props.tiers.noncurrentVersionExpirationDays,
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;
  }
}
