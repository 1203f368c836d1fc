import { Construct } from 'constructs';
import type { S3BucketPolicy } from '../providers/aws';
import type { AccessLogDestination } from './secure-bucket';
import { SecureBucket } from './secure-bucket';

export interface AccessLogBucketProps {
  /** Prefix of this bucket's name, e.g. `dp-dev-access-logs-`. */
  readonly namePrefix: string;
  /** Only buckets whose names start with this prefix may deliver logs here, e.g. `dp-dev-`. */
  readonly sourceBucketPrefix: string;
  /** Account of the source buckets, for the confused-deputy condition. */
  readonly accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** Days access-log objects are kept. */
  readonly retentionDays: number;
}

/**
 * The destination of every bucket's S3 server access logs. Encrypted with SSE-S3
 * (S3 log delivery cannot write into SSE-KMS buckets) and writable only by the
 * logging service on behalf of this account's platform buckets.
 */
export class AccessLogBucket extends Construct implements AccessLogDestination {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const bucket = new SecureBucket(this, 'bucket', {
      namePrefix: props.namePrefix,
      key: undefined,
      accessLogs: undefined,
      expirationDays: props.retentionDays,
      noncurrentVersionExpirationDays: 1,
      policyStatements: (bucketArn) => [
        {
          sid: 'S3LogDeliveryFromPlatformBuckets',
          effect: 'Allow',
          principal: { Service: 'logging.s3.amazonaws.com' },
          actions: ['s3:PutObject'],
          // A string, not a one-element list: the same on AWS, and the only form moto's
          // PutBucketLogging permission check accepts (it compares Resource literally).
          resources: `${bucketArn}/*`,
          conditions: {
            ArnLike: { 'aws:SourceArn': `arn:${props.partition}:s3:::${props.sourceBucketPrefix}*` },
            StringEquals: { 'aws:SourceAccount': props.accountId },
          },
        },
      ],
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;
    this.policy = bucket.policy;
  }
}
