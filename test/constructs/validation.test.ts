import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { AccessRole } from '../../constructs/access-role';
import { BucketNotifications } from '../../constructs/bucket-notifications';
import { CreditMonitor } from '../../constructs/credit-monitor';
import { DatabaseRoleSecret } from '../../constructs/database-role-secret';
import { DatabaseSecurityGroup } from '../../constructs/database-security-group';
import { AirflowConnectionSecret } from '../../constructs/airflow-connection-secret';
import { AirflowRelease, type AirflowReleaseProps } from '../../constructs/airflow-release';
import { DirectoryObjects } from '../../constructs/directory-objects';
import { ImageRepository } from '../../constructs/image-repository';
import { IrsaRole } from '../../constructs/irsa-role';
import { KeyPairServiceUser } from '../../constructs/key-pair-service-user';
import { MonitoredWarehouse } from '../../constructs/monitored-warehouse';
import { OwnedDatabase } from '../../constructs/owned-database';
import { OperatorSecret } from '../../constructs/operator-secret';
import { PlatformDatabase } from '../../constructs/platform-database';
import { PlatformNamespace } from '../../constructs/platform-namespace';
import { S3StorageIntegration } from '../../constructs/s3-storage-integration';
import { PlatformKey } from '../../constructs/platform-key';
import { PostgresInstance, type PostgresInstanceProps } from '../../constructs/postgres-instance';
import { PostgresLoginRole } from '../../constructs/postgres-login-role';
import { PrivateNetwork } from '../../constructs/private-network';
import { SecureBucket } from '../../constructs/secure-bucket';
import { RepositoryImage } from '../../constructs/repository-image';
import { SyncedSecret } from '../../constructs/synced-secret';
import { WorkloadNodeGroup } from '../../constructs/workload-node-group';

function scope(): TerraformStack {
  return new TerraformStack(Testing.app(), 'constructs');
}

describe('construct props are validated where they are given', () => {
  it('PlatformKey rejects a deletion window AWS would refuse', () => {
    expect(() => new PlatformKey(scope(), 'key', { alias: 'a', description: 'd', deletionWindowDays: 3 })).toThrow(
      'PlatformKey key: deletionWindowDays must be 7-30, got 3',
    );
  });

  it('SecureBucket rejects a name prefix longer than bucket_prefix allows', () => {
    expect(() => new SecureBucket(scope(), 'bucket', { namePrefix: 'x'.repeat(38), key: undefined, accessLogs: undefined })).toThrow(
      /SecureBucket bucket: namePrefix "x{38}" is longer than S3's 37-character bucket_prefix limit/,
    );
  });

  it('PrivateNetwork rejects a subnet list that does not cover every AZ', () => {
    expect(
      () =>
        new PrivateNetwork(scope(), 'network', {
          name: 'n',
          cidr: '10.0.0.0/16',
          availabilityZones: ['us-east-1a', 'us-east-1b'],
          subnets: { public: ['10.0.0.0/24'], private: ['10.0.16.0/20', '10.0.32.0/20'], isolated: ['10.0.64.0/24', '10.0.65.0/24'] },
        }),
    ).toThrow('PrivateNetwork network: subnets.public needs one CIDR per availability zone (2), got 1');
  });

  it('OperatorSecret rejects a recovery window that would delete at once', () => {
    const stack = scope();
    const key = new PlatformKey(stack, 'key', { alias: 'a', description: 'd' });
    expect(() => new OperatorSecret(stack, 'secret', { name: 'n', description: 'd', key, region: 'us-east-1', recoveryWindowDays: 0 })).toThrow(
      'OperatorSecret secret: recoveryWindowDays must be 7-30, got 0',
    );
  });

  it('BucketNotifications rejects no queue, a whole-bucket queue and overlapping prefixes', () => {
    const queue = (id: string, prefix: string) => ({ id, prefix, queueArn: 'arn:aws:sqs:us-east-1:000000000000:q' });
    expect(() => new BucketNotifications(scope(), 'n', { bucketName: 'b', queues: [] })).toThrow('BucketNotifications n: queues must not be empty');
    expect(() => new BucketNotifications(scope(), 'n', { bucketName: 'b', queues: [queue('all', '')] })).toThrow('BucketNotifications n: queues[0] (all) needs a prefix');
    expect(() => new BucketNotifications(scope(), 'n', { bucketName: 'b', queues: [queue('a', 'bulk/a/'), queue('b', 'bulk/')] })).toThrow(
      'BucketNotifications n: prefixes "bulk/a/" (a) and "bulk/" (b) overlap; S3 refuses overlapping prefixes for the same events',
    );
  });

  it('KeyPairServiceUser rejects an empty allow-list, which would admit every address', () => {
    expect(() => new KeyPairServiceUser(scope(), 'user', { name: 'U', comment: 'c', roleName: 'R', defaultWarehouse: 'W', allowedCidrs: [], provider: undefined as never })).toThrow(
      'KeyPairServiceUser user: allowedCidrs must list at least one range; an empty network policy admits every address',
    );
  });

  it('MonitoredWarehouse and CreditMonitor reject an idle warehouse that never suspends, inverted cluster counts and thresholds', () => {
    const warehouse = { name: 'W', comment: 'c', size: 'XSMALL', statementTimeoutSeconds: 60, queuedTimeoutSeconds: 60, monitor: { monthlyCredits: 10 }, ownerRole: 'O', provider: undefined as never };
    expect(() => new MonitoredWarehouse(scope(), 'w', { ...warehouse, autoSuspendSeconds: 3600 })).toThrow('MonitoredWarehouse w: autoSuspendSeconds must be 60-300, got 3600');
    expect(() => new MonitoredWarehouse(scope(), 'w', { ...warehouse, minClusterCount: 3, maxClusterCount: 2 })).toThrow(
      'MonitoredWarehouse w: minClusterCount (3) must be 1 or more and not exceed maxClusterCount (2)',
    );
    expect(() => new CreditMonitor(scope(), 'm', { name: 'M', monthlyCredits: 0, provider: undefined as never })).toThrow('CreditMonitor m: monthlyCredits must be a positive whole number, got 0');
    expect(() => new CreditMonitor(scope(), 'm', { name: 'M', monthlyCredits: 5, suspendAtPercent: 100, suspendImmediatelyAtPercent: 90, provider: undefined as never })).toThrow(
      'CreditMonitor m: thresholds must rise from notifyAtPercent (75, 90) to suspendAtPercent (100) to suspendImmediatelyAtPercent (90)',
    );
  });

  it('PlatformDatabase rejects a PUBLIC schema and repeated names; AccessRole a system role name', () => {
    expect(() => new PlatformDatabase(scope(), 'db', { name: 'RAW', comment: 'c', schemaKind: 'k', schemas: { a: 'X', b: 'X' } })).toThrow(
      'PlatformDatabase db: schemas must have distinct names, repeated: X',
    );
    expect(() => new PlatformDatabase(scope(), 'db', { name: 'RAW', comment: 'c', schemaKind: 'k', schemas: { a: 'PUBLIC' } })).toThrow('PlatformDatabase db: schemas must not include PUBLIC');
    expect(() => new AccessRole(scope(), 'role', { name: 'SECURITYADMIN', comment: 'c', parentRole: 'O', provider: undefined as never })).toThrow(
      'AccessRole role: name must not be the system role SECURITYADMIN',
    );
  });

  it('S3StorageIntegration rejects folders outside the integration allowed location', () => {
    const stack = scope();
    const key = new PlatformKey(stack, 'key', { alias: 'a', description: 'd' });
    const bucket = new SecureBucket(stack, 'bucket', { namePrefix: 'b-', key, accessLogs: undefined });
    expect(() => new S3StorageIntegration(stack, 'integration', { name: 'I', bucket, key, allowedPrefix: 'bulk/', readPrefixes: ['documents/'], roleName: 'r' })).toThrow(
      'S3StorageIntegration integration: readPrefixes must be folders under allowedPrefix "bulk/", got documents/',
    );
  });

  it('IrsaRole refuses a wildcard service account or namespace, and a role that may do nothing', () => {
    const props = { oidcProviderArn: 'arn', oidcIssuer: 'issuer', namespace: 'airbyte', serviceAccount: 'airbyte-admin', statements: [], namePrefix: 'r-', description: 'd' };
    expect(() => new IrsaRole(scope(), 'role', { ...props, serviceAccount: '*', managedPolicyArns: ['arn:aws:iam::aws:policy/P'] })).toThrow(
      /^IrsaRole role: serviceAccount must name exactly one service account \(no wildcards\)/,
    );
    expect(() => new IrsaRole(scope(), 'role', { ...props, namespace: 'air*', managedPolicyArns: ['arn:aws:iam::aws:policy/P'] })).toThrow(/^IrsaRole role: namespace must name exactly one namespace/);
    expect(() => new IrsaRole(scope(), 'role', props)).toThrow('IrsaRole role: give statements or managedPolicyArns; a role that may do nothing is not needed');
  });

  it('WorkloadNodeGroup refuses scaling bounds out of order', () => {
    expect(
      () =>
        new WorkloadNodeGroup(scope(), 'nodes', {
          clusterName: 'c',
          workload: 'ingestion',
          sizing: { instanceType: 'c6i.4xlarge', minSize: 3, desiredSize: 2, maxSize: 4 },
          subnetIds: ['subnet-a'],
          securityGroupIds: ['sg-a'],
          volumeGib: 100,
          instanceTags: {},
          partition: 'aws',
          rolePrefix: 'n-',
        }),
    ).toThrow('WorkloadNodeGroup nodes: sizing must have minSize <= desiredSize <= maxSize, got 3/2/4');
  });

  it('PlatformNamespace refuses an allow without ports and a name Kubernetes would refuse', () => {
    const https = { name: 'https-out', peer: { cidr: '0.0.0.0/0' }, ports: [] };
    expect(() => new PlatformNamespace(scope(), 'ns', { name: 'airbyte', traffic: { ingress: [], egress: [https] } })).toThrow(
      'PlatformNamespace ns: every traffic allow names its ports; an allow of every port is not isolation',
    );
    expect(() => new PlatformNamespace(scope(), 'ns', { name: 'Airbyte', traffic: { ingress: [], egress: [] } })).toThrow(/^PlatformNamespace ns: name: Kubernetes name "Airbyte"/);
  });

  it('PostgresInstance names every prop that RDS would refuse', () => {
    const stack = scope();
    const props: PostgresInstanceProps = {
      identifier: 'Bad--Name',
      engineMajorVersion: '16.4',
      instanceClass: 'db.t4g.medium',
      allocatedStorageGib: 100,
      maxAllocatedStorageGib: 105,
      subnetIds: ['subnet-a'],
      securityGroupId: 'sg-1',
      key: new PlatformKey(stack, 'key', { alias: 'k', description: 'd' }),
      masterUsername: 'platform_admin',
      backupRetentionDays: 0,
      maxSlotWalKeepGib: 100,
    };
    expect(() => new PostgresInstance(stack, 'db', props)).toThrow(
      'PostgresInstance db: identifier: RDS identifier "Bad--Name" may contain only lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen; ' +
        'engineMajorVersion must be a major version such as "16", got "16.4"; ' +
        'maxAllocatedStorageGib (105) must be at least 10% above allocatedStorageGib (100) for storage autoscaling; ' +
        'backupRetentionDays must be 1-35, got 0; ' +
        'maxSlotWalKeepGib (100) must be above 0 and below allocatedStorageGib (100); ' +
        'subnetIds must name subnets in at least two AZs (RDS requires it)',
    );
  });

  it('DatabaseSecurityGroup refuses to admit nobody', () => {
    expect(() => new DatabaseSecurityGroup(scope(), 'sg', { name: 'db', vpcId: 'vpc-1', port: 5432, clientSecurityGroupIds: {} })).toThrow(
      'DatabaseSecurityGroup sg: clientSecurityGroupIds is empty; name the security groups that may connect',
    );
  });

  it('DatabaseRoleSecret refuses a short password and a version rotation cannot follow', () => {
    const stack = scope();
    const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'd' });
    const props = { name: 'dp/dev/postgres/x', description: 'd', key, region: 'us-east-1', recoveryWindowDays: 7, host: 'h', port: 5432, database: 'x', username: 'x' };
    expect(() => new DatabaseRoleSecret(stack, 'short', { ...props, version: 1, passwordLength: 16 })).toThrow('DatabaseRoleSecret short: passwordLength must be at least 32, got 16');
    expect(() => new DatabaseRoleSecret(stack, 'unversioned', { ...props, version: 0 })).toThrow('DatabaseRoleSecret unversioned: version must be a whole number from 1, got 0');
  });

  it('PostgresLoginRole refuses an administrative membership and a name that needs quoting', () => {
    const props = { secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x', passwordVersion: 1 };
    expect(() => new PostgresLoginRole(scope(), 'role', { ...props, name: 'app', memberOf: ['rds_superuser'] })).toThrow(
      'PostgresLoginRole role: memberOf grants rds_superuser, which make it an administrator; grant only what it needs',
    );
    expect(() => new PostgresLoginRole(scope(), 'role', { ...props, name: 'App-User' })).toThrow('PostgresLoginRole role: name: PostgreSQL identifier "App-User" may contain only lower-case letters, digits and _');
  });

  it('OwnedDatabase refuses a name that needs quoting', () => {
    expect(() => new OwnedDatabase(scope(), 'db', { name: 'my-db', owner: 'x', administrator: 'platform_admin' })).toThrow('OwnedDatabase db: name: PostgreSQL identifier "my-db" may contain only lower-case letters, digits and _');
  });

  it('DirectoryObjects refuses a key prefix that is not a folder, and a folder with nothing to ship', () => {
    const stack = scope();
    const bucket = new SecureBucket(stack, 'bucket', { namePrefix: 'b-', key: undefined, accessLogs: undefined });
    expect(() => new DirectoryObjects(stack, 'files', { directory: join(__dirname, '..', '..', 'dags'), bucket, keyPrefix: '/dags' })).toThrow(
      'DirectoryObjects files: keyPrefix must be one or more lower-case folder names each ending with "/", e.g. "dags/", got "/dags"',
    );
    const empty = mkdtempSync(join(tmpdir(), 'no-dags-'));
    expect(() => new DirectoryObjects(stack, 'none', { directory: empty, bucket, keyPrefix: 'dags/' })).toThrow(`DirectoryObjects none: directory ${empty} holds no files; there is nothing to ship`);
  });

  it('AirflowConnectionSecret refuses a connection with nothing secret, a field given twice and a version rotation cannot follow', () => {
    const stack = scope();
    const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'd' });
    const props = { name: 'dp/dev/airflow/connections/x', description: 'd', key, region: 'us-east-1', recoveryWindowDays: 7, connType: 'http', sourceSecretArn: 'arn:x', sourceVersion: 1 };
    expect(() => new AirflowConnectionSecret(stack, 'bare', { ...props, sourceFields: {} })).toThrow('AirflowConnectionSecret bare: sourceFields must name at least one field');
    expect(() => new AirflowConnectionSecret(stack, 'twice', { ...props, fields: { login: 'a' }, sourceFields: { login: 'b' } })).toThrow(
      'AirflowConnectionSecret twice: login given both in fields and sourceFields; give each field once',
    );
    expect(() => new AirflowConnectionSecret(stack, 'unversioned', { ...props, sourceFields: { password: 'p' }, sourceVersion: 0 })).toThrow(
      'AirflowConnectionSecret unversioned: sourceVersion must be a whole number from 1, got 0',
    );
  });

  it('RepositoryImage refuses a digest that is not sha256 and 64 hex digits', () => {
    const stack = scope();
    const key = new PlatformKey(stack, 'key', { alias: 'k', description: 'd' });
    const repository = new ImageRepository(stack, 'repository', { name: 'dp-dev/dbt', key });
    expect(() => new RepositoryImage(stack, 'image', { repository, digest: 'latest' })).toThrow('RepositoryImage image: digest must be "sha256:" and 64 lower-case hex digits, got "latest"');
  });

  it('SyncedSecret takes JSON properties or the whole value, not both, and a template that renders something', () => {
    const props = { name: 'x', namespace: 'airflow', storeName: 'store', remoteSecretName: 'dp/dev/x' };
    expect(() => new SyncedSecret(scope(), 'both', { ...props, keys: { a: 'a' }, valueKey: 'b' })).toThrow('SyncedSecret both: give keys (properties of a JSON value) or valueKey (the whole value), not both or neither');
    expect(() => new SyncedSecret(scope(), 'neither', props)).toThrow('SyncedSecret neither: give keys');
    expect(() => new SyncedSecret(scope(), 'empty', { ...props, valueKey: 'v', template: {} })).toThrow('SyncedSecret empty: template, when given, must render at least one key');
  });

  it('AirflowRelease refuses a service account Kubernetes would refuse, no parallelism and a folder that is not one', () => {
    const identity = { serviceAccount: 'airflow-x' };
    const resources = { cpu: 1, memoryGib: 1 };
    const props: AirflowReleaseProps = {
      namespace: 'airflow',
      region: 'us-east-1',
      chartVersion: '1.21.0',
      airflowVersion: '3.2.2',
      image: { repositoryUrl: 'r', digest: `sha256:${'a'.repeat(64)}` },
      secrets: { metadataConnection: 'm', fernetKey: 'f', apiSecretKey: 'a', jwtSecret: 'j', adminPassword: 'p' },
      storage: {
        dags: { bucketName: 'b', prefix: 'dags/', refreshSeconds: 60 },
        logs: { bucketName: 'b', prefix: 'logs/' },
        secretsBackend: { connectionsPrefix: 'c/', variablesPrefix: 'v/' },
      },
      identities: { scheduler: identity, apiServer: identity, dagProcessor: identity, triggerer: identity, worker: identity },
      placement: { nodeSelector: {}, tolerations: [] },
      resources: { scheduler: resources, apiServer: resources, dagProcessor: resources, triggerer: resources },
      taskPod: resources,
      parallelism: 8,
      admin: { username: 'admin', email: 'admin@example.com' },
      credentialVersions: { database: 1 },
    };
    expect(() => new AirflowRelease(scope(), 'airflow', { ...props, identities: { ...props.identities, worker: { serviceAccount: 'Worker' } } })).toThrow(
      /^AirflowRelease airflow: identities\.worker\.serviceAccount: Kubernetes name "Worker" may contain only/,
    );
    expect(() => new AirflowRelease(scope(), 'airflow', { ...props, parallelism: 0 })).toThrow('AirflowRelease airflow: parallelism must be a whole number from 1, got 0');
    expect(() => new AirflowRelease(scope(), 'airflow', { ...props, storage: { ...props.storage, logs: { bucketName: 'b', prefix: 'logs' } } })).toThrow(
      'AirflowRelease airflow: storage.logs.prefix must be a folder such as "dags/" (no leading "/", a trailing "/"), got "logs"',
    );
    expect(() => new AirflowRelease(scope(), 'airflow', { ...props, image: { repositoryUrl: 'r', digest: 'v1' } })).toThrow('AirflowRelease airflow: image.digest must be "sha256:" and 64 hex digits, got "v1"');
  });
});
