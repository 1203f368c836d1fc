import { Testing } from 'cdktf';
import { loadConfig } from '../../config';
import { PolicyViolationError } from '../../aspects/policy';
import { SecureBucket } from '../../constructs/secure-bucket';
import { PlatformKey } from '../../constructs/platform-key';
import {
  CloudwatchLogGroup,
  EcrRepository,
  KmsKey,
  S3Bucket,
  SecretsmanagerSecret,
  SecurityGroup,
  Vpc,
  VpcSecurityGroupIngressRule,
} from '../../providers/aws';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { PlatformStack } from '../../stacks/platform-stack';

const config = loadConfig({ env: 'dev' });

/** Synthesizes a stack holding what `build` adds and returns the policy error's violations (none when it passes). */
function violationsOf(build: (stack: PlatformStack) => void): string[] {
  const app = Testing.app({ stackTraces: false });
  const stack = new PlatformStack(app, 'under-test', { config });
  build(stack);
  try {
    app.synth();
    return [];
  } catch (error) {
    if (!(error instanceof PolicyViolationError)) throw error;
    return error.violations.map((violation) => `[${violation.rule}] ${violation.path}: ${violation.message}`);
  }
}

describe('policy aspect', () => {
  it('passes resources built from the secure constructs', () => {
    expect(
      violationsOf((stack) => {
        const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'test' });
        new SecureBucket(stack, 'bucket', { namePrefix: 'b-', key, accessLogs: undefined });
      }),
    ).toEqual([]);
  });

  it('fails a bare bucket on every missing control, naming the construct', () => {
    expect(violationsOf((stack) => new S3Bucket(stack, 'raw-bucket', { bucketPrefix: 'raw-' }))).toEqual([
      '[s3-bucket-encrypted] under-test/raw-bucket: bucket has no server-side encryption configuration; build it with SecureBucket',
      '[s3-bucket-not-public] under-test/raw-bucket: bucket is not covered by a public access block with block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets all true',
      '[s3-bucket-tls-only] under-test/raw-bucket: bucket policy does not deny requests without TLS (aws:SecureTransport)',
      '[s3-bucket-versioned] under-test/raw-bucket: bucket versioning is not enabled',
    ]);
  });

  it('fails a log group without retention or KMS', () => {
    expect(violationsOf((stack) => new CloudwatchLogGroup(stack, 'forever', { name: '/x' }))).toEqual([
      '[log-group-retention-and-kms] under-test/forever: log group has no retention_in_days (it would keep and bill events forever)',
      '[log-group-retention-and-kms] under-test/forever: log group has no kms_key_id; use EncryptedLogGroup',
    ]);
  });

  it('fails a KMS key without rotation', () => {
    expect(violationsOf((stack) => new KmsKey(stack, 'static-key', {}))).toEqual([
      '[kms-key-rotation] under-test/static-key: KMS key has enable_key_rotation off; use PlatformKey',
    ]);
  });

  it('fails a VPC without flow logs or a closed default security group', () => {
    expect(violationsOf((stack) => new Vpc(stack, 'bare-vpc', { cidrBlock: '10.0.0.0/16' }))).toEqual([
      '[vpc-flow-logs] under-test/bare-vpc: VPC has no flow log; add VpcFlowLog',
      '[default-security-group-closed] under-test/bare-vpc: VPC default security group is not managed with empty ingress and egress',
    ]);
  });

  it('fails ingress from the whole internet, as a rule resource or inline', () => {
    expect(
      violationsOf((stack) => {
        const group = new SecurityGroup(stack, 'open-group', { ingress: [{ fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }] });
        new VpcSecurityGroupIngressRule(stack, 'open-rule', { securityGroupId: group.id, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' });
      }),
    ).toEqual([
      '[no-ingress-from-anywhere] under-test/open-rule: security group rule admits traffic from the whole internet; use adminCidrs',
      '[no-ingress-from-anywhere] under-test/open-group: inline ingress admits traffic from the whole internet; use adminCidrs',
    ]);
  });

  it('fails a secret without a platform key and any secret value written by code', () => {
    expect(
      violationsOf((stack) => {
        const secret = new SecretsmanagerSecret(stack, 'plain-secret', { name: 'x' });
        new SecretsmanagerSecretVersion(stack, 'hard-coded-value', { secretId: secret.id, secretString: 'not-a-real-value' });
      }),
    ).toEqual([
      '[secret-kms] under-test/plain-secret: secret is not encrypted with a platform key (none, or an AWS-managed alias/aws/ key); use OperatorSecret',
      '[no-secret-value-in-code] under-test/hard-coded-value: secret values are set by operators, never by code (they would be stored in Terraform state)',
    ]);
  });

  it('fails a bucket policy that mentions TLS without denying plain HTTP', () => {
    expect(
      violationsOf((stack) => {
        const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'test' });
        const bucket = new SecureBucket(stack, 'bucket', { namePrefix: 'b-', key, accessLogs: undefined });
        const policies = stack.node.findAll().filter((node) => node.node.path.endsWith('bucket/policy'));
        (policies[0] as unknown as { addOverride(path: string, value: unknown): void }).addOverride(
          'policy',
          `{"Statement":[{"Effect":"Allow","Resource":"${bucket.bucketArn}","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`,
        );
      }),
    ).toEqual(['[s3-bucket-tls-only] under-test/bucket/bucket: bucket policy does not deny requests without TLS (aws:SecureTransport)']);
  });

  it('fails a secret encrypted with the AWS-managed key and an open security group rule', () => {
    expect(
      violationsOf((stack) => {
        new SecretsmanagerSecret(stack, 'aws-managed', { name: 'x', kmsKeyId: 'alias/aws/secretsmanager' });
        new SecurityGroupRule(stack, 'open-legacy-rule', { type: 'ingress', securityGroupId: 'sg', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] });
      }),
    ).toEqual([
      '[no-ingress-from-anywhere] under-test/open-legacy-rule: security group rule admits traffic from the whole internet; use adminCidrs',
      '[secret-kms] under-test/aws-managed: secret is not encrypted with a platform key (none, or an AWS-managed alias/aws/ key); use OperatorSecret',
    ]);
  });

  it('fails a mutable, unscanned, unencrypted image repository', () => {
    expect(violationsOf((stack) => new EcrRepository(stack, 'loose-repo', { name: 'r' }))).toEqual([
      '[ecr-immutable-scanned-encrypted] under-test/loose-repo: tags are mutable, scan on push is off, not KMS-encrypted; use ImageRepository',
    ]);
  });

  it('lets a stack add its own rules next to its resources', () => {
    const app = Testing.app({ stackTraces: false });
    const stack = new PlatformStack(app, 'custom', {
      config,
      policyRules: [
        {
          id: 'no-default-named-repositories',
          check: (resources) =>
            resources
              .ofType('aws_ecr_repository')
              .filter((repository) => repository.attributes.name === 'default')
              .map((repository) => ({ rule: 'no-default-named-repositories', path: repository.path, message: 'name it after its image' })),
        },
      ],
    });
    new EcrRepository(stack, 'repo', {
      name: 'default',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: 'k' }],
    });
    expect(() => app.synth()).toThrow(
      'Stack "custom" failed the platform security policy (1 violation):\n  - [no-default-named-repositories] custom/repo: name it after its image',
    );
  });
});
