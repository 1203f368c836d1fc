import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { IamRole, IamRolePolicy } from '../providers/aws';
import { StorageIntegration } from '../providers/snowflake';
import type { PlatformKey } from './platform-key';
import { distinctStatements, policyDocument } from './policy-document';
import type { SecureBucket } from './secure-bucket';

export interface S3StorageIntegrationProps {
  /** Integration name, an unquoted identifier, e.g. `LANDING_BULK`. */
  readonly name: string;
  readonly bucket: SecureBucket;
  /** The bucket's key: its ARN gives the account and partition of the role's ARN. */
  readonly key: PlatformKey;
  /** The folder stages on this integration may point at, e.g. `bulk/`. */
  readonly allowedPrefix: string;
  /** The folders Snowflake may list and read, each under `allowedPrefix`. */
  readonly readPrefixes: readonly string[];
  /** Name of the IAM role Snowflake assumes; fixed, because the integration must know its ARN first. */
  readonly roleName: string;
  /** The Snowflake provider configuration that creates the integration (CREATE INTEGRATION). @default the stack's default */
  readonly provider?: TerraformProvider;
}

/**
 * A Snowflake storage integration on a platform bucket and the IAM role it assumes: the
 * role trusts exactly the integration's own IAM user with its external id, and may only
 * read the given folders and decrypt them.
 *
 * The integration needs the role's ARN and the role's trust needs the integration's outputs.
 * The ARN is written from the role's name and the account of the bucket's key instead of
 * read from the role, so Terraform sees no cycle: integration, then role.
 */
export class S3StorageIntegration extends Construct {
  readonly integrationName: string;
  /** The role's read policy: stages and pipes depend on it, so Snowflake can read by the time they exist. */
  readonly readPolicy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: S3StorageIntegrationProps) {
    super(scope, id);
    const outside = props.readPrefixes.filter((prefix) => !prefix.startsWith(props.allowedPrefix) || prefix === props.allowedPrefix);
    if (outside.length > 0) throw new Error(`S3StorageIntegration ${id}: readPrefixes must be folders under allowedPrefix "${props.allowedPrefix}", got ${outside.join(', ')}`);
    if (props.readPrefixes.length === 0) throw new Error(`S3StorageIntegration ${id}: readPrefixes must name at least one folder`);

    const integration = new StorageIntegration(this, 'integration', {
      provider: props.provider,
      name: props.name,
      type: 'EXTERNAL_STAGE',
      storageProvider: 'S3',
      enabled: true,
      storageAwsRoleArn: `arn:${props.key.partition}:iam::${props.key.accountId}:role/${props.roleName}`,
      storageAllowedLocations: [`s3://${props.bucket.bucketName}/${props.allowedPrefix}`],
      comment: `Snowflake reads s3://<landing>/${props.allowedPrefix} as IAM role ${props.roleName}.`,
    });
    this.integrationName = integration.name;

    const role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `Assumed by Snowflake storage integration ${props.name} to read ${props.readPrefixes.join(', ')}`,
      assumeRolePolicy: policyDocument(this, 'trust-policy', [
        {
          sid: 'SnowflakeIntegrationUserWithItsExternalId',
          effect: 'Allow',
          principal: { AWS: integration.storageAwsIamUserArn },
          actions: ['sts:AssumeRole'],
          conditions: { StringEquals: { 'sts:ExternalId': integration.storageAwsExternalId } },
        },
      ]),
    });
    // grantRead repeats the key's decrypt with every folder: the document keeps it once.
    const statements = [...props.readPrefixes.flatMap((prefix) => props.bucket.grantRead(prefix)), ...props.key.grantDecrypt()];
    this.readPolicy = new IamRolePolicy(this, 'read-policy', {
      role: role.id,
      policy: policyDocument(this, 'read-policy-document', distinctStatements(statements)),
    });
  }
}
