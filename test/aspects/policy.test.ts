import { Fn } from 'cdktf';
import { PolicyViolationError } from '../../aspects/policy';
import { iamNoWildcardResource } from '../../aspects/rules/iam';
import { secretRotated } from '../../aspects/rules/secrets';
import { waivePolicy } from '../../aspects/waivers';
import { PlatformKey } from '../../constructs/platform-key';
import { PostgresInstance } from '../../constructs/postgres-instance';
import { policyDocument } from '../../constructs/policy-document';
import { SecureBucket } from '../../constructs/secure-bucket';
import {
  CloudwatchLogGroup,
  DbInstance,
  DbParameterGroup,
  EcrRepository,
  EksCluster,
  IamRole,
  IamRolePolicy,
  KmsKey,
  LaunchTemplate,
  S3Bucket,
  S3BucketPolicy,
  S3Object,
  SecretsmanagerSecret,
  SecretsmanagerSecretVersion,
  SecurityGroup,
  Vpc,
  VpcSecurityGroupIngressRule,
} from '../../providers/aws';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import type { ProviderFamily } from '../../providers/families';
import { configureSnowflake, GrantAccountRole, GrantPrivilegesToAccountRole, ResourceMonitor, Warehouse } from '../../providers/snowflake';
import { LegacyServiceUser } from '@cdktf/provider-snowflake/lib/legacy-service-user';
import { User } from '@cdktf/provider-snowflake/lib/user';
import { KeyPairServiceUser } from '../../constructs/key-pair-service-user';
import { MonitoredWarehouse } from '../../constructs/monitored-warehouse';
import { KubernetesProvider, RoleBindingV1, RoleV1 } from '../../providers/kubernetes';
import { Role } from '../../providers/postgresql';
import type { PlatformStack } from '../../stacks/platform-stack';
import { AirbyteHealthGate } from '../../constructs/airbyte-health-gate';
import { HelmChart } from '../../constructs/helm-chart';
import { AirbyteSource, AirbyteWorkspace, configureAirbyte } from '../../providers/airbyte';
import { configureHelm } from '../../providers/helm';
import { configureHttp, DataHttp } from '../../providers/http';
import { stackUnderTest } from '../support/stack-under-test';

/** Synthesizes a stack holding what `build` adds and returns the policy error's violations (none when it passes). */
function violationsOf(build: (stack: PlatformStack) => void, providers: readonly ProviderFamily[] = ['aws']): string[] {
  const { app, stack } = stackUnderTest('under-test', providers);
  build(stack);
  try {
    app.synth();
    return [];
  } catch (error) {
    if (!(error instanceof PolicyViolationError)) throw error;
    return error.violations.map((violation) => `[${violation.rule}] ${violation.path}: ${violation.message}`);
  }
}

const ROTATION_VIOLATION = (path: string) =>
  `[secret-rotation] ${path}: secret has no automatic rotation; add aws_secretsmanager_secret_rotation, or waive with the manual rotation procedure`;

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
      '[s3-bucket-tls-only] under-test/raw-bucket: bucket policy does not deny requests without TLS (a Deny of s3:* on aws:SecureTransport = false)',
      '[s3-bucket-versioned] under-test/raw-bucket: bucket versioning is not enabled',
    ]);
  });

  it('fails a log group without retention or KMS', () => {
    expect(violationsOf((stack) => new CloudwatchLogGroup(stack, 'forever', { name: '/x' }))).toEqual([
      '[log-group-retention] under-test/forever: log group has no retention_in_days (it would keep and bill events forever)',
      '[log-group-kms] under-test/forever: log group has no kms_key_id; use EncryptedLogGroup',
    ]);
  });

  it('fails a KMS key without rotation', () => {
    expect(violationsOf((stack) => new KmsKey(stack, 'static-key', {}))).toEqual(['[kms-key-rotation] under-test/static-key: KMS key has enable_key_rotation off; use PlatformKey']);
  });

  it('fails a VPC without flow logs or a closed default security group', () => {
    expect(violationsOf((stack) => new Vpc(stack, 'bare-vpc', { cidrBlock: '10.0.0.0/16' }))).toEqual([
      '[vpc-flow-logs] under-test/bare-vpc: VPC has no flow log; add VpcFlowLog',
      '[default-security-group-closed] under-test/bare-vpc: VPC default security group is not managed with empty ingress and egress',
    ]);
  });

  it('fails ingress from the whole internet, as a rule resource, a legacy rule or inline', () => {
    expect(
      violationsOf((stack) => {
        const group = new SecurityGroup(stack, 'open-group', { ingress: [{ fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }] });
        new VpcSecurityGroupIngressRule(stack, 'open-rule', { securityGroupId: group.id, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' });
        new SecurityGroupRule(stack, 'open-legacy-rule', { type: 'ingress', securityGroupId: 'sg', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] });
      }),
    ).toEqual([
      '[no-ingress-from-anywhere] under-test/open-rule: security group rule admits traffic from the whole internet; use adminCidrs',
      '[no-ingress-from-anywhere] under-test/open-legacy-rule: security group rule admits traffic from the whole internet; use adminCidrs',
      '[no-ingress-from-anywhere] under-test/open-group: inline ingress admits traffic from the whole internet; use adminCidrs',
    ]);
  });

  it('fails a secret without a platform key or rotation, and a value written by code in clear or from a literal', () => {
    expect(
      violationsOf((stack) => {
        const plain = new SecretsmanagerSecret(stack, 'plain-secret', { name: 'x' });
        const managed = new SecretsmanagerSecret(stack, 'aws-managed', { name: 'y', kmsKeyId: 'alias/aws/secretsmanager' });
        new SecretsmanagerSecretVersion(stack, 'hard-coded-value', { secretId: plain.id, secretString: 'not-a-real-value' });
        new SecretsmanagerSecretVersion(stack, 'literal-write-only', { secretId: managed.id, secretStringWo: 'not-a-real-value', secretStringWoVersion: 1 });
      }),
    ).toEqual([
      '[secret-kms] under-test/plain-secret: secret is not encrypted with a platform key (none, or an AWS-managed alias/aws/ key); use OperatorSecret',
      '[secret-kms] under-test/aws-managed: secret is not encrypted with a platform key (none, or an AWS-managed alias/aws/ key); use OperatorSecret',
      ROTATION_VIOLATION('under-test/plain-secret'),
      ROTATION_VIOLATION('under-test/aws-managed'),
      '[no-secret-value-in-code] under-test/hard-coded-value: secret_string / secret_binary store the value in Terraform state; write it through secret_string_wo from an ephemeral block, or let an operator set it',
      '[no-secret-value-in-code] under-test/literal-write-only: secret_string_wo must come from an ephemeral block (e.g. ephemeralRandomPassword), never a literal in code',
    ]);
  });

  it('reads the bucket policy as a document: a policy that mentions TLS without denying plain HTTP fails, as does one no rule can read', () => {
    expect(
      violationsOf((stack) => {
        const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'test' });
        for (const [id, policy] of [
          ['allows-tls', (arn: string) => `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${arn}","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`],
          ['hcl-policy', (arn: string) => Fn.jsonencode({ Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] })],
        ] as const) {
          const bucket = new SecureBucket(stack, id, { namePrefix: `${id}-`, key, accessLogs: undefined });
          const [policyResource] = stack.node.findAll().filter((node) => node.node.path === `under-test/${id}/policy`) as S3BucketPolicy[];
          policyResource.addOverride('policy', policy(bucket.bucketArn));
        }
      }),
    ).toEqual([
      '[s3-bucket-tls-only] under-test/allows-tls/bucket: bucket policy does not deny requests without TLS (a Deny of s3:* on aws:SecureTransport = false)',
      '[s3-bucket-tls-only] under-test/hcl-policy/bucket: bucket policy does not deny requests without TLS (a Deny of s3:* on aws:SecureTransport = false)',
    ]);
  });

  it('fails a mutable, unscanned, unencrypted image repository on each control', () => {
    expect(violationsOf((stack) => new EcrRepository(stack, 'loose-repo', { name: 'r' }))).toEqual([
      '[ecr-immutable-tags] under-test/loose-repo: tags are mutable; use ImageRepository',
      '[ecr-scan-on-push] under-test/loose-repo: scan on push is off; use ImageRepository',
      '[ecr-kms] under-test/loose-repo: not KMS-encrypted; use ImageRepository',
    ]);
  });

  it('fails identity policies that allow every action or every resource, or that no rule can read', () => {
    expect(
      violationsOf((stack) => {
        const role = new IamRole(stack, 'role', { assumeRolePolicy: '{}' });
        const statement = { sid: 'Everything', effect: 'Allow' as const };
        new IamRolePolicy(stack, 'admin', { role: role.id, policy: policyDocument(stack, 'admin-document', [{ ...statement, actions: ['*'], resources: ['arn:aws:s3:::b'] }]) });
        new IamRolePolicy(stack, 'anywhere', { role: role.id, policy: policyDocument(stack, 'anywhere-document', [{ ...statement, actions: ['s3:GetObject'], resources: ['*'] }]) });
        new IamRolePolicy(stack, 'hcl', { role: role.id, policy: Fn.jsonencode({ Statement: [] }) });
      }),
    ).toEqual([
      '[iam-policy-readable] under-test/hcl: policy is not a readable document; build it with policyDocument() or a grant method',
      '[iam-no-wildcard-action] under-test/admin: a statement allows every action ("*"); list the actions the workload needs',
      '[iam-no-wildcard-resource] under-test/anywhere: a statement allows its actions on every resource ("*"); scope it with a grant method, or waive with the reason the API needs "*"',
    ]);
  });

  it('fails an EKS cluster without Secrets encryption, open to the internet, or missing control-plane logs', () => {
    expect(
      violationsOf((stack) => {
        new EksCluster(stack, 'open-cluster', {
          name: 'c',
          roleArn: 'arn:aws:iam::000000000000:role/c',
          vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
          enabledClusterLogTypes: ['api', 'audit'],
        });
        new EksCluster(stack, 'public-by-default', { name: 'd', roleArn: 'arn:aws:iam::000000000000:role/d', vpcConfig: { subnetIds: ['subnet-a'] } });
      }),
    ).toEqual([
      '[eks-secrets-encrypted] under-test/open-cluster: Secrets are not envelope-encrypted with a KMS key; use EksControlPlane',
      '[eks-secrets-encrypted] under-test/public-by-default: Secrets are not envelope-encrypted with a KMS key; use EksControlPlane',
      '[eks-endpoint-not-public] under-test/open-cluster: the public API endpoint admits the whole internet; switch it off or list adminCidrs',
      '[eks-endpoint-not-public] under-test/public-by-default: the public API endpoint admits the whole internet; switch it off or list adminCidrs',
      '[eks-control-plane-logs] under-test/open-cluster: control-plane logs authenticator, controllerManager, scheduler are off; enable every type',
      '[eks-control-plane-logs] under-test/public-by-default: control-plane logs api, audit, authenticator, controllerManager, scheduler are off; enable every type',
    ]);
  });

  it('fails a launch template that allows IMDSv1, lets pods reach the metadata service, or leaves a volume unencrypted', () => {
    expect(
      violationsOf((stack) => {
        new LaunchTemplate(stack, 'imdsv1', { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'true' } }] });
        new LaunchTemplate(stack, 'two-hops', {
          metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 },
          blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'false' } }],
        });
      }),
    ).toEqual([
      '[launch-template-imdsv2] under-test/imdsv1: instance metadata accepts IMDSv1; set http_tokens = "required"',
      '[launch-template-imdsv2] under-test/two-hops: instance metadata hop limit is not 1, so pods can reach the node credentials; waive with the workload that needs 2',
      '[launch-template-ebs-encrypted] under-test/two-hops: a block device is not encrypted (or none is declared, leaving the image default); declare every volume with encrypted = true',
    ]);
  });
});

describe('Snowflake policy rules', () => {
  const login = { organizationName: 'O', accountName: 'A', user: 'TERRAFORM', role: 'PLATFORM_OWNER', privateKey: undefined, previewFeatures: [] };

  it('pass a MonitoredWarehouse and a KeyPairServiceUser', () => {
    expect(
      violationsOf((stack) => {
        const provider = configureSnowflake(stack, login);
        const settings = { size: 'XSMALL', statementTimeoutSeconds: 600, queuedTimeoutSeconds: 60, ownerRole: 'PLATFORM_OWNER', provider };
        new MonitoredWarehouse(stack, 'loading', { ...settings, name: 'LOADING', comment: 'c', monitor: { monthlyCredits: 10 } });
        new KeyPairServiceUser(stack, 'airbyte', { name: 'AIRBYTE', comment: 'c', roleName: 'LOADER', defaultWarehouse: 'LOADING', allowedCidrs: ['192.0.2.1/32'], provider });
      }, ['snowflake']),
    ).toEqual([]);
  });

  it('fail grants to PUBLIC or of an administrative role, users with passwords, and warehouses that never suspend or that no monitor caps', () => {
    expect(
      violationsOf((stack) => {
        configureSnowflake(stack, login);
        new GrantPrivilegesToAccountRole(stack, 'public-usage', { accountRoleName: 'PUBLIC', privileges: ['USAGE'], onAccountObject: { objectType: 'DATABASE', objectName: 'RAW' } });
        new GrantAccountRole(stack, 'loader-to-public', { roleName: 'LOADER', parentRoleName: '"PUBLIC"' });
        new GrantAccountRole(stack, 'admin-to-loader', { roleName: 'ACCOUNTADMIN', parentRoleName: 'LOADER' });
        new User(stack, 'person', { name: 'ALICE' });
        new LegacyServiceUser(stack, 'legacy', { name: 'OLD_ETL' });
        const watchOnly = new ResourceMonitor(stack, 'watch-only', { name: 'WATCH', creditQuota: 100, notifyTriggers: [80] });
        new Warehouse(stack, 'never-suspends', { name: 'ADHOC', autoSuspend: 0, resourceMonitor: watchOnly.fullyQualifiedName });
        new Warehouse(stack, 'unmonitored', { name: 'SPARE', autoSuspend: 60 });
      }, ['snowflake']),
    ).toEqual([
      '[snowflake-no-public-grant] under-test/public-usage: grants to PUBLIC, which every role and user of the account holds; grant to the service role that needs it',
      '[snowflake-no-public-grant] under-test/loader-to-public: grants to PUBLIC, which every role and user of the account holds; grant to the service role that needs it',
      '[snowflake-no-admin-role-grant] under-test/admin-to-loader: grants ACCOUNTADMIN, which administers the account; give the role only the privileges it needs (AccessRole)',
      '[snowflake-user-no-password] under-test/person: snowflake_user can log in with a password; use KeyPairServiceUser (snowflake_service_user, TYPE = SERVICE, which has none)',
      '[snowflake-user-no-password] under-test/legacy: snowflake_legacy_service_user can log in with a password; use KeyPairServiceUser (snowflake_service_user, TYPE = SERVICE, which has none)',
      '[snowflake-warehouse-auto-suspend] under-test/never-suspends: auto_suspend is 0; an idle warehouse must suspend within 300 s (MonitoredWarehouse)',
      expect.stringMatching(/^\[snowflake-warehouse-monitored\] under-test\/never-suspends: its resource monitor snowflake_resource_monitor\.watch-only\S* has no credit quota with a suspend trigger, so it only watches$/),
      '[snowflake-warehouse-monitored] under-test/unmonitored: has no resource monitor of this stack; nothing caps its credits (MonitoredWarehouse)',
    ]);
  });
});

describe('policy aspect: databases', () => {
  it('passes an instance built by PostgresInstance', () => {
    expect(
      violationsOf((stack) => {
        const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'test', cloudWatchLogsRegion: 'us-east-1' });
        new PostgresInstance(stack, 'db', {
          identifier: 'dp-dev-postgres',
          engineMajorVersion: '16',
          instanceClass: 'db.t4g.medium',
          allocatedStorageGib: 50,
          maxAllocatedStorageGib: 100,
          subnetIds: ['subnet-a', 'subnet-b'],
          securityGroupId: 'sg-1',
          key,
          masterUsername: 'platform_admin',
          maxSlotWalKeepGib: 10,
        });
      }),
    ).toEqual([]);
  });

  it('fails an RDS instance on every control it leaves out, and one whose parameters let clients skip TLS', () => {
    expect(
      violationsOf((stack) => {
        const loose = new DbParameterGroup(stack, 'loose-parameters', { family: 'postgres16', parameter: [{ name: 'rds.force_ssl', value: '0' }] });
        new DbInstance(stack, 'bare-db', {
          engine: 'postgres',
          instanceClass: 'db.t4g.medium',
          username: 'admin_user',
          password: 'not-a-real-value',
          publiclyAccessible: true,
          autoMinorVersionUpgrade: false,
          parameterGroupName: loose.name,
        });
      }),
    ).toEqual([
      '[rds-encrypted] under-test/bare-db: storage is not encrypted with a platform key (storage_encrypted and kms_key_id); use PostgresInstance',
      '[rds-not-public] under-test/bare-db: instance is publicly accessible; keep it in isolated subnets and reach it through the cluster or an SSM port-forward',
      '[rds-iam-authentication] under-test/bare-db: IAM database authentication is off; set iam_database_authentication_enabled',
      '[rds-master-password-managed] under-test/bare-db: the master password is set by code; set manage_master_user_password and let RDS keep it in Secrets Manager',
      '[rds-logs-exported] under-test/bare-db: no logs are exported to CloudWatch; set enabled_cloudwatch_logs_exports',
      '[rds-backups] under-test/bare-db: automated backups are off; set backup_retention_period to 1-35 days',
      '[rds-copy-tags-to-snapshots] under-test/bare-db: copy_tags_to_snapshot is off',
      '[rds-auto-minor-upgrade] under-test/bare-db: auto_minor_version_upgrade is off, so security fixes wait for someone to apply them',
      '[rds-performance-insights-kms] under-test/bare-db: Performance Insights is off or not encrypted with a platform key; set performance_insights_enabled and performance_insights_kms_key_id',
      '[rds-tls-required] under-test/bare-db: its parameter group does not set rds.force_ssl = 1, so clients may connect without TLS; use PostgresInstance',
    ]);
  });

  it('fails a PostgreSQL role with a stored or literal password, REPLICATION, or administrative powers', () => {
    expect(
      violationsOf((stack) => {
        new Role(stack, 'stored-password', { name: 'a', login: true, password: 'not-a-real-value' });
        new Role(stack, 'literal-write-only', { name: 'b', login: true, passwordWo: 'not-a-real-value', passwordWoVersion: '1' });
        new Role(stack, 'replicator', { name: 'c', login: true, replication: true });
        new Role(stack, 'administrator', { name: 'd', login: true, superuser: true, createRole: true });
      }),
    ).toEqual([
      "[postgresql-password-write-only] under-test/stored-password: `password` is stored in Terraform state; set password_wo from an ephemeral read of the role's secret (PostgresLoginRole)",
      "[postgresql-password-write-only] under-test/literal-write-only: password_wo must come from an ephemeral block (the role's secret), never a literal in code",
      '[postgresql-no-administrative-role] under-test/administrator: role is a superuser or may create roles; application roles get only what they need',
      '[postgresql-replication-through-rds-role] under-test/replicator: replication = true needs a superuser, which RDS does not give; grant the role rds_replication (roles) instead',
    ]);
  });
});

describe('policy aspect: Kubernetes RBAC and S3 objects', () => {
  it('passes a role that lists what it allows, bound by a RoleBinding, and an object without ACL', () => {
    expect(
      violationsOf(
        (stack) => {
          new KubernetesProvider(stack, 'kubernetes', {});
          new RoleV1(stack, 'pod-runner', { metadata: { name: 'pod-runner', namespace: 'dbt' }, rule: [{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'get'] }] });
          new RoleBindingV1(stack, 'binding', { metadata: { name: 'b', namespace: 'dbt' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-runner' }, subject: [{ kind: 'ServiceAccount', name: 'a', namespace: 'b' }] });
          new S3Object(stack, 'object', { bucket: 'b', key: 'dags/x.py', content: 'x' });
        },
        ['aws', 'kubernetes'],
      ),
    ).toEqual([]);
  });

  it('fails a wildcard role, a binding of a built-in broad ClusterRole, and an object with an ACL', () => {
    expect(
      violationsOf(
        (stack) => {
          new KubernetesProvider(stack, 'kubernetes', {});
          new RoleV1(stack, 'anything', { metadata: { name: 'anything', namespace: 'dbt' }, rule: [{ apiGroups: ['*'], resources: ['pods'], verbs: ['*'] }] });
          new RoleBindingV1(stack, 'admin', { metadata: { name: 'a', namespace: 'dbt' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subject: [{ kind: 'ServiceAccount', name: 'a', namespace: 'b' }] });
          new S3Object(stack, 'public-object', { bucket: 'b', key: 'x', content: 'x', acl: 'public-read' });
        },
        ['aws', 'kubernetes'],
      ),
    ).toEqual([
      '[s3-object-no-acl] under-test/public-object: object sets ACL "public-read"; leave it out and grant access through IAM or the bucket policy',
      '[kubernetes-role-no-wildcard] under-test/anything: a rule allows "*" in api_groups, verbs; list the API groups, resources and verbs the workload needs',
      '[kubernetes-no-broad-binding] under-test/admin: binds the built-in "cluster-admin" ClusterRole; bind a Role that lists only what the subjects need',
    ]);
  });
});

describe('policy waivers', () => {
  it('lets one resource skip one rule, writing the justification into its metadata under the scanner id', () => {
    const { app, stack } = stackUnderTest();
    const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'test' });
    const secret = new SecretsmanagerSecret(stack, 'partner-key', { name: 'x', kmsKeyId: key.keyArn });
    waivePolicy(secret, secretRotated, 'Issued by the partner; rotated by the data team every 90 days.');
    app.synth();
    const synthesized = JSON.parse(JSON.stringify(stack.toTerraform())).resource.aws_secretsmanager_secret;
    expect(Object.values(synthesized)[0]).toMatchObject({
      '//': { policy_waivers: { CKV2_AWS_57: 'Issued by the partner; rotated by the data team every 90 days.' } },
    });
  });

  it('waives only the named rule on the named resource', () => {
    expect(
      violationsOf((stack) => {
        const waived = new SecretsmanagerSecret(stack, 'waived', { name: 'x' });
        new SecretsmanagerSecret(stack, 'not-waived', { name: 'y', kmsKeyId: 'arn:aws:kms:us-east-1:000000000000:key/k' });
        waivePolicy(waived, secretRotated, 'rotated by hand every 90 days');
      }),
    ).toEqual([
      '[secret-kms] under-test/waived: secret is not encrypted with a platform key (none, or an AWS-managed alias/aws/ key); use OperatorSecret',
      ROTATION_VIOLATION('under-test/not-waived'),
    ]);
  });

  it('refuses a waiver without a justification when it is made', () => {
    const { stack } = stackUnderTest();
    const secret = new SecretsmanagerSecret(stack, 's', { name: 'x' });
    expect(() => waivePolicy(secret, iamNoWildcardResource, '  ')).toThrow('waiver of CKV_AWS_355 on under-test/s has no justification');
  });

  it('fails synthesis on a waiver written by hand that is blank or names no rule', () => {
    expect(
      violationsOf((stack) => {
        const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'test' });
        const secret = new SecretsmanagerSecret(stack, 's', { name: 'x', kmsKeyId: key.keyArn });
        secret.addOverride('//.policy_waivers.CKV2_AWS_57', '');
        secret.addOverride('//.policy_waivers.CKV_AWS_999', 'a rule that does not exist');
      }),
    ).toEqual([
      '[policy-waiver] under-test/s: waiver "CKV2_AWS_57" has no justification; say why the rule does not apply and what compensates',
      expect.stringMatching(/^\[policy-waiver\] under-test\/s: waiver "CKV_AWS_999" names no policy rule \(known: .*CKV2_AWS_57.*\)$/),
    ]);
  });
});

describe('policy aspect: Airbyte and Helm', () => {
  const cluster = { clusterName: 'c', endpoint: 'https://c.example', certificateAuthorityData: 'Y2E=', region: 'us-east-1' };
  const airbyte = (stack: PlatformStack) => {
    configureHttp(stack);
    configureAirbyte(stack, { serverUrl: 'http://a:8001/api/public/v1', tokenUrl: 'http://a:8001/api/public/v1/applications/token', clientId: 'x', clientSecret: 'y' });
  };
  const connector = { definitionId: 'd', configuration: '{}' };

  it('passes Airbyte resources behind the health gate, directly or through the workspace', () => {
    expect(
      violationsOf((stack) => {
        airbyte(stack);
        const gate = new AirbyteHealthGate(stack, 'gate', { serverUrl: 'http://a:8001', namespace: 'airbyte', serverServiceName: 's', waitMinutes: 1, requestTimeoutSeconds: 5 });
        const workspace = new AirbyteWorkspace(stack, 'workspace', { name: 'w', dependsOn: [gate] });
        new AirbyteSource(stack, 'source', { name: 's', workspaceId: workspace.workspaceId, ...connector });
      }, ['aws', 'http', 'airbyte']),
    ).toEqual([]);
  });

  it('fails Airbyte resources that do not wait for the health gate, and a gate without a postcondition', () => {
    expect(
      violationsOf((stack) => {
        airbyte(stack);
        const unchecked = new DataHttp(stack, 'unchecked', { url: 'http://a:8001/api/v1/health' });
        const workspace = new AirbyteWorkspace(stack, 'workspace', { name: 'w', dependsOn: [unchecked] });
        new AirbyteSource(stack, 'source', { name: 's', workspaceId: workspace.workspaceId, ...connector });
      }, ['aws', 'http', 'airbyte']),
    ).toEqual([
      '[airbyte-behind-health-gate] under-test/workspace: does not wait for the Airbyte health gate; depend on the AirbyteHealthGate (dependsOn) or refer to the workspace that does',
      '[airbyte-behind-health-gate] under-test/source: does not wait for the Airbyte health gate; depend on the AirbyteHealthGate (dependsOn) or refer to the workspace that does',
    ]);
  });

  it('fails chart values that carry a credential, and passes values that only name the Secret and key holding it', () => {
    const chart = (stack: PlatformStack, id: string, values: Record<string, unknown>) =>
      new HelmChart(stack, id, { name: id, namespace: 'n', chart: './chart', version: '1.0.0', values });
    expect(
      violationsOf((stack) => {
        configureHelm(stack, cluster);
        chart(stack, 'named', { database: { secretName: 'db', passwordSecretKey: 'password', userSecretKey: 'username' }, auth: { enabled: true } });
        chart(stack, 'inline', { database: { password: 'hunter2' }, auth: { instanceAdmin: { clientSecret: '${var.x}' } }, empty: { password: '' } });
      }, ['aws', 'helm']),
    ).toEqual([
      '[helm-values-hold-no-credential] under-test/inline/release: values set credentials (database.password, auth.instanceAdmin.clientSecret); keep them in a Kubernetes Secret (SyncedSecret) and give the chart its name and key',
    ]);
  });
});
