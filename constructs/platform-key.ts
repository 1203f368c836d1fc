import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { KmsAlias, KmsKey, KmsKeyPolicy } from '../providers/aws';
import { policyDocument, sidPart, type PolicyStatement } from './policy-document';

export interface PlatformKeyProps {
  /** Alias without the `alias/` prefix, e.g. `dp-dev-data`. */
  readonly alias: string;
  /** What the key protects; shown in the KMS console. */
  readonly description: string;
  /** Days between scheduling deletion and deletion (7-30). @default 30 */
  readonly deletionWindowDays?: number;
  /**
   * Region whose CloudWatch Logs service may use the key for log groups of this account.
   * @default no service access: only IAM principals of the account
   */
  readonly cloudWatchLogsRegion?: string;
}

/**
 * A customer-managed KMS key with yearly rotation. Its policy lets the account's IAM
 * policies decide who uses the key (so grants stay in IAM, next to the roles), and lets
 * CloudWatch Logs use it only for this account's log groups when asked to.
 *
 * The account id and partition in the policy come from the key's own ARN, so no
 * `aws_caller_identity` lookup is needed and the stack plans offline.
 */
export class PlatformKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;
  /** Account that owns the key, for policies that must name it. */
  readonly accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  /** Depend on this before asking a service to use the key: its grants are in the policy. */
  readonly policy: KmsKeyPolicy;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    if (deletionWindowDays < 7 || deletionWindowDays > 30) {
      throw new Error(`PlatformKey ${id}: deletionWindowDays must be 7-30, got ${deletionWindowDays}`);
    }

    // rotation_period_in_days is left at AWS's default (365) rather than written out.
    const key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
    });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.partition = Fn.element(Fn.split(':', key.arn), 1);
    this.accountId = Fn.element(Fn.split(':', key.arn), 4);

    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: key.keyId });

    const statements: PolicyStatement[] = [
      {
        sid: 'AccountAdministersKeyThroughIam',
        effect: 'Allow',
        principal: { AWS: `arn:${this.partition}:iam::${this.accountId}:root` },
        actions: ['kms:*'],
        resources: ['*'],
      },
    ];
    if (props.cloudWatchLogsRegion) {
      const region = props.cloudWatchLogsRegion;
      statements.push({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        effect: 'Allow',
        principal: { Service: `logs.${region}.amazonaws.com` },
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${region}:${this.accountId}:log-group:*` },
        },
      });
    }
    this.policy = new KmsKeyPolicy(this, 'policy', { keyId: key.keyId, policy: policyDocument(this, 'policy-document', statements) });
  }

  /** Reading what this key protects: decrypt only. */
  grantDecrypt(conditions?: PolicyStatement['conditions']): PolicyStatement[] {
    return [{ sid: `Decrypt${sidPart(this.node.id)}`, effect: 'Allow', actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [this.keyArn], ...(conditions ? { conditions } : {}) }];
  }

  /** Writing what this key protects: data keys for new objects, and decrypt for multipart uploads and reads. */
  grantEncryptDecrypt(conditions?: PolicyStatement['conditions']): PolicyStatement[] {
    return [
      {
        sid: `EncryptDecrypt${sidPart(this.node.id)}`,
        effect: 'Allow',
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: [this.keyArn],
        ...(conditions ? { conditions } : {}),
      },
    ];
  }
}
