import type { Construct } from 'constructs';
import type { LandingLifecycle } from '../config/sizing/lifecycle';
import type { PlatformKey } from './platform-key';
import { SecureBucket, type AccessLogDestination } from './secure-bucket';

export interface LandingBucketProps {
  /** Prefix of the bucket name, e.g. `dp-dev-landing-`. */
  readonly namePrefix: string;
  readonly key: PlatformKey;
  readonly accessLogs: AccessLogDestination;
  /** When landed objects move to colder storage (the capacity plan's slice for storage). */
  readonly tiers: LandingLifecycle;
}

/**
 * Where file-shaped sources land raw (JSON, XML, CSV/Parquet exports, emails, PDFs,
 * documents, images) before loading; CDC and partner APIs flow through Airbyte instead.
 * Hot for the batch that reads it, then tiered down, never deleted.
 */
export class LandingBucket extends SecureBucket {
  constructor(scope: Construct, id: string, props: LandingBucketProps) {
    super(scope, id, {
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
  }
}
