import { Construct } from 'constructs';
import {
  S3Bucket,
  S3BucketLifecycleConfiguration,
  S3BucketLogging,
  S3BucketOwnershipControls,
  S3BucketPolicy,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfiguration,
  S3BucketVersioning,
} from '../providers/aws';
import type { PlatformKey } from './platform-key';
import { policyDocument, sidPart, type PolicyStatement } from './policy-document';

/** Where a bucket's server access logs go. */
export interface AccessLogDestination {
  readonly bucketName: string;
  /** The destination's policy must exist before logging is switched on, or S3 rejects it. */
  readonly policy: S3BucketPolicy;
}

export interface StorageTransition {
  /** Days after creation. */
  readonly days: number;
  readonly storageClass: 'STANDARD_IA' | 'INTELLIGENT_TIERING' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';
}

export interface SecureBucketProps {
  /** Prefix of the bucket name; AWS appends a unique suffix, so names never collide across accounts. */
  readonly namePrefix: string;
  /**
   * KMS key for default encryption (with an S3 bucket key to cut KMS calls).
   * `undefined` means SSE-S3, which only the access-log bucket may use: S3 cannot deliver
   * server access logs into a bucket whose default encryption is SSE-KMS.
   */
  readonly key: PlatformKey | undefined;
  /** Where server access logs go. `undefined` only for the access-log bucket itself. */
  readonly accessLogs: AccessLogDestination | undefined;
  /** Object-key prefix for this bucket's access logs. @default "<namePrefix>/" */
  readonly accessLogPrefix?: string;
  /** Colder storage classes over time, for current versions. @default none */
  readonly transitions?: readonly StorageTransition[];
  /** Days after which current versions expire. @default never */
  readonly expirationDays?: number;
  /** Days a replaced or deleted version is kept. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Statements added to the bucket policy next to the TLS-only deny, given the bucket's ARN. @default none */
  readonly policyStatements?: (bucketArn: string) => readonly PolicyStatement[];
}

/**
 * An S3 bucket with the full hardening set: encryption by default, every public-access
 * block on, ACLs disabled, versioning, a TLS-only policy, access logging, and a
 * lifecycle that aborts stale multipart uploads and expires old versions.
 */
export class SecureBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly policy: S3BucketPolicy;
  /** The key objects are encrypted with; undefined for SSE-S3. */
  readonly key: PlatformKey | undefined;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (props.namePrefix.length > 37) {
      throw new Error(`SecureBucket ${id}: namePrefix "${props.namePrefix}" is longer than S3's 37-character bucket_prefix limit`);
    }
    const bucket = new S3Bucket(this, 'bucket', { bucketPrefix: props.namePrefix, forceDestroy: false });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.key = props.key;

    new S3BucketOwnershipControls(this, 'ownership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const versioning = new S3BucketVersioning(this, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfiguration(this, 'encryption', {
      bucket: bucket.id,
      rule: [
        props.key
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.key.keyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });

    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: bucket.id,
      policy: policyDocument(this, 'policy-document', [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principal: { AWS: '*' },
          actions: ['s3:*'],
          resources: [bucket.arn, `${bucket.arn}/*`],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        ...(props.policyStatements?.(bucket.arn) ?? []),
      ]),
    });

    if (props.accessLogs) {
      new S3BucketLogging(this, 'access-logging', {
        bucket: bucket.id,
        targetBucket: props.accessLogs.bucketName,
        targetPrefix: props.accessLogPrefix ?? `${props.namePrefix}/`,
        dependsOn: [props.accessLogs.policy],
      });
    }

    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'tiers-and-retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
          ...(props.transitions?.length ? { transition: props.transitions.map((tier) => ({ ...tier })) } : {}),
          ...(props.expirationDays ? { expiration: [{ days: props.expirationDays }] } : {}),
        },
      ],
      // Versioning must be on before noncurrent-version rules mean anything.
      dependsOn: [versioning],
    });
  }

  /** Listing and reading objects under `prefix` (all by default), and decrypting them. */
  grantRead(prefix = ''): PolicyStatement[] {
    return [this.listStatement(prefix), this.objectStatement('Read', prefix, ['s3:GetObject', 's3:GetObjectVersion']), ...(this.key?.grantDecrypt() ?? [])];
  }

  /** Writing objects under `prefix` (all by default), encrypted with the bucket's key; no reads, no deletes. */
  grantWrite(prefix = ''): PolicyStatement[] {
    return [
      this.objectStatement('Write', prefix, ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']),
      ...(this.key?.grantEncryptDecrypt() ?? []),
    ];
  }

  /** Listing, reading, writing and deleting objects under `prefix` (all by default). */
  grantReadWrite(prefix = ''): PolicyStatement[] {
    return [
      this.listStatement(prefix),
      this.objectStatement('ReadWrite', prefix, ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']),
      ...(this.key?.grantEncryptDecrypt() ?? []),
    ];
  }

  private objectStatement(verb: string, prefix: string, actions: string[]): PolicyStatement {
    return { sid: `${verb}${sidPart(this.node.id)}${sidPart(prefix)}Objects`, effect: 'Allow', actions, resources: [`${this.bucketArn}/${prefix}*`] };
  }

  private listStatement(prefix: string): PolicyStatement {
    return {
      sid: `List${sidPart(this.node.id)}${sidPart(prefix)}`,
      effect: 'Allow',
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: [this.bucketArn],
      ...(prefix ? { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
    };
  }
}
