import { TerraformStack, Testing } from 'cdktf';
import { loadConfig } from '../../config';
import { OperatorSecret } from '../../constructs/operator-secret';
import { PlatformKey } from '../../constructs/platform-key';
import { distinctStatements, policyDocument } from '../../constructs/policy-document';
import { SecureBucket } from '../../constructs/secure-bucket';
import { buildPlatform } from '../../stacks/platform';

function scope() {
  const stack = new TerraformStack(Testing.app(), 'grants');
  const key = new PlatformKey(stack, 'platform-key', { alias: 'k', description: 'd' });
  const bucket = new SecureBucket(stack, 'landing-bucket', { namePrefix: 'l-', key, accessLogs: undefined });
  return { stack, key, bucket };
}

describe('grant methods return least-privilege statements', () => {
  it('distinctStatements keeps a statement that several grants repeat once, so one document can gather them', () => {
    const { key, bucket } = scope();
    const gathered = distinctStatements([...bucket.grantRead('bulk/a/'), ...bucket.grantRead('bulk/b/'), ...key.grantDecrypt()]);
    expect(gathered.map((statement) => statement.sid)).toEqual(['ListLandingBucketBulkA', 'ReadLandingBucketBulkAObjects', 'DecryptPlatformKey', 'ListLandingBucketBulkB', 'ReadLandingBucketBulkBObjects']);
  });

  it('SecureBucket.grantRead lists and reads under a prefix, and decrypts with the bucket key', () => {
    const { key, bucket } = scope();
    expect(bucket.grantRead('documents/')).toEqual([
      {
        sid: 'ListLandingBucketDocuments',
        effect: 'Allow',
        actions: ['s3:ListBucket', 's3:GetBucketLocation'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['documents/*'] } },
      },
      { sid: 'ReadLandingBucketDocumentsObjects', effect: 'Allow', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [`${bucket.bucketArn}/documents/*`] },
      { sid: 'DecryptPlatformKey', effect: 'Allow', actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [key.keyArn] },
    ]);
  });

  it('SecureBucket.grantWrite puts objects without reading or deleting, with data keys from the bucket key', () => {
    const { key, bucket } = scope();
    const statements = bucket.grantWrite();
    expect(statements.flatMap((statement) => statement.actions)).toEqual([
      's3:PutObject',
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:DescribeKey',
    ]);
    expect(statements.map((statement) => statement.resources)).toEqual([[`${bucket.bucketArn}/*`], [key.keyArn]]);
  });

  it('SecureBucket.grantReadWrite adds deletes, still only on this bucket', () => {
    const { bucket } = scope();
    const [list, objects] = bucket.grantReadWrite('logs/');
    expect(list.resources).toEqual([bucket.bucketArn]);
    expect(objects.actions).toContain('s3:DeleteObject');
    expect(objects.resources).toEqual([`${bucket.bucketArn}/logs/*`]);
  });

  it('OperatorSecret.grantRead reads the one secret and decrypts only through Secrets Manager', () => {
    const { stack, key } = scope();
    const secret = new OperatorSecret(stack, 'slack-webhook', { name: 'dp/dev/alerts/slack-webhook', description: 'd', key, region: 'us-east-1', recoveryWindowDays: 7 });
    expect(secret.grantRead()).toEqual([
      { sid: 'ReadSlackWebhookSecret', effect: 'Allow', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secret.secretArn] },
      {
        sid: 'DecryptPlatformKeyForSlackWebhookSecret',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      },
    ]);
  });

  it('SecretsStack.grantReadWorkloadCredentials reads the workloads\' folders and dbt\'s key, never a partner\'s or the Terraform Snowflake user\'s', () => {
    const { secrets } = buildPlatform(Testing.app(), loadConfig({ env: 'dev' }));
    const resources = secrets
      .grantReadWorkloadCredentials()
      .filter((statement) => statement.actions.includes('secretsmanager:GetSecretValue'))
      .flatMap((statement) => statement.resources as string[]);
    const folders = resources.filter((arn) => arn.endsWith('*')).map((arn) => /:secret:(.*)$/.exec(arn)![1]);
    expect(folders).toEqual(['dp/dev/postgres/*', 'dp/dev/airbyte/*', 'dp/dev/airflow/*']);
    expect(resources.filter((arn) => !arn.endsWith('*'))).toEqual([secrets.secrets.snowflakeTransformer.secretArn]);
  });

  it('refuses a document whose statement ids repeat', () => {
    const { stack, bucket } = scope();
    expect(() => policyDocument(stack, 'twice', [...bucket.grantRead(), ...bucket.grantRead()])).toThrow(
      'policy document twice: statement ids must be unique, repeated: ListLandingBucket, ReadLandingBucketObjects, DecryptPlatformKey',
    );
  });
});
