import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, DescribeDBParametersCommand } from '@aws-sdk/client-rds';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DATABASE_ROLE_IDS, DATABASE_ROLES } from '../../config/database-roles';
import { POSTGRES_PORT } from '../../config/sections/postgres';
import { CONNECTION_KEYS } from '../../constructs/database-role-secret';
import { POSTGRES_LOG_EXPORTS } from '../../constructs/postgres-instance';
import type { Checks, DeployedPlatform, StackOnEmulator } from '../deploy/emulator-stack';

/**
 * The postgres stack on the emulator: the instance with its settings, the managed master secret,
 * the security group's source, the log groups, the parameters, and each role's secret holding a
 * generated password that no state file contains. The rule admitting the EKS cluster security
 * group is left out of the emulator's copy (the registry's `omits`, stacks/platform.ts): moto
 * creates no such group. postgres-bootstrap does not deploy here: no database is behind moto's endpoint.
 */
export const onEmulator: StackOnEmulator = {
  creates: ['db-instance', 'db-parameter-group', 'db-subnet-group', 'security-group', 'kms-key', 'kms-alias', 'log-group', 'secret'],
  check: checkPostgres,
  checkDestroyed: checkMasterSecretGone,
  // Measured with moto 5.2.1 and provider 5.100.0 (../shared/reference/moto-fidelity.md §1 rds).
  driftGaps: [
    {
      resourceType: 'aws_db_parameter_group',
      attributes: ['parameter'],
      reason: "moto's DescribeDBParameters returns the parameters without their Source, so the provider reads back none (the check above reads them with the SDK)",
    },
    {
      resourceType: 'aws_db_instance',
      attributes: ['performance_insights_enabled', 'performance_insights_kms_key_id', 'performance_insights_retention_period'],
      reason: 'moto ignores Performance Insights and reports it off',
    },
  ],
  leftovers: [
    { kind: 'kms-key', alsoOnAws: true, reason: 'KMS keys wait out their deletion window', matches: (item) => item.state === 'PendingDeletion' },
    {
      kind: 'secret',
      alsoOnAws: true,
      reason: 'role secrets wait out their recovery window',
      matches: (item) => item.state === 'scheduled-deletion' && DATABASE_ROLE_IDS.some((id) => item.id.endsWith(`/${DATABASE_ROLES[id].secretName}`)),
    },
  ],
};

async function checkPostgres(deployed: DeployedPlatform, checks: Checks): Promise<void> {
  const { config, aws } = deployed;
  const { postgres } = config;
  const outputs = deployed.outputs.postgres;
  const identifier = `${config.namePrefix}-${config.environment}-postgres`;
  const keyArn = String(outputs.kms_key_arn);

  const [db] = (await aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }))).DBInstances ?? [];
  checks.equal('instance engine and major version', [db?.Engine, db?.EngineVersion?.split('.')[0]], ['postgres', postgres.engineVersion]);
  checks.equal('instance class', db?.DBInstanceClass, postgres.instanceClass);
  checks.equal('storage (type, GiB, autoscaling ceiling GiB)', [db?.StorageType, db?.AllocatedStorage, db?.MaxAllocatedStorage], ['gp3', postgres.storage.allocatedGib, postgres.storage.maxAllocatedGib]);
  checks.equal('storage encrypted with the database key', [db?.StorageEncrypted, db?.KmsKeyId], [true, keyArn]);
  checks.equal('Multi-AZ as configured', db?.MultiAZ, postgres.multiAz);
  checks.equal('not publicly accessible', db?.PubliclyAccessible, false);
  checks.equal('IAM database authentication on', db?.IAMDatabaseAuthenticationEnabled, true);
  checks.equal('log exports', [...(db?.EnabledCloudwatchLogsExports ?? [])].sort(), [...POSTGRES_LOG_EXPORTS].sort());
  checks.equal('backup retention (days) and window', [db?.BackupRetentionPeriod, db?.PreferredBackupWindow], [postgres.backupRetentionDays, postgres.backupWindow]);
  checks.equal('maintenance window, minor versions applied automatically', [db?.PreferredMaintenanceWindow, db?.AutoMinorVersionUpgrade], [postgres.maintenanceWindow, true]);
  checks.equal('deletion protection as configured, tags copied to snapshots', [db?.DeletionProtection, db?.CopyTagsToSnapshot], [postgres.deletionProtection, true]);
  checks.equal('outputs endpoint and port are the instance address', [outputs.endpoint, outputs.port], [db?.Endpoint?.Address, db?.Endpoint?.Port]);
  checks.equal('instance in the isolated subnets', (db?.DBSubnetGroup?.Subnets ?? []).map((subnet) => subnet.SubnetIdentifier).sort(), [
    ...(deployed.outputs.network.isolated_subnet_ids as string[]),
  ].sort());
  checks.equal('instance has only the database security group', (db?.VpcSecurityGroups ?? []).map((group) => group.VpcSecurityGroupId), [outputs.security_group_id]);

  const masterSecretArn = db?.MasterUserSecret?.SecretArn;
  checks.equal('master password managed by RDS, its secret the output', [Boolean(masterSecretArn), masterSecretArn], [true, outputs.master_secret_arn]);
  const masterSecret = masterSecretArn ? await aws.secrets.send(new DescribeSecretCommand({ SecretId: masterSecretArn })).catch(() => undefined) : undefined;
  checks.ok('the managed master secret exists in Secrets Manager', Boolean(masterSecret), `${masterSecretArn} not found`);

  const parameters = new Map(
    ((await aws.rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: db?.DBParameterGroups?.[0]?.DBParameterGroupName }))).Parameters ?? []).map((p) => [p.ParameterName, p.ParameterValue]),
  );
  checks.equal(
    'parameters: logical replication, TLS only, connection and slow-statement logging, WAL an unread slot may hold',
    ['rds.logical_replication', 'rds.force_ssl', 'log_connections', 'log_disconnections', 'log_min_duration_statement', 'max_slot_wal_keep_size'].map((name) => parameters.get(name)),
    ['1', '1', '1', '1', String(postgres.slowStatementMs), String(postgres.cdc.maxSlotWalKeepGib * 1024)],
  );

  const [group] = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [String(outputs.security_group_id)] }))).SecurityGroups ?? [];
  checks.equal(
    'security group admits 5432 only from the node security group (the cluster group rule is left out here), no CIDR',
    (group?.IpPermissions ?? []).map((rule) => [rule.IpProtocol, rule.FromPort, rule.ToPort, (rule.UserIdGroupPairs ?? []).map((pair) => pair.GroupId), rule.IpRanges?.length ?? 0]),
    [['tcp', POSTGRES_PORT, POSTGRES_PORT, [deployed.outputs.eks.node_security_group_id], 0]],
  );
  checks.equal('security group allows no egress', group?.IpPermissionsEgress ?? [], []);

  for (const log of POSTGRES_LOG_EXPORTS) {
    const name = `/aws/rds/instance/${identifier}/${log}`;
    const [logGroup] = ((await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups ?? []).filter((candidate) => candidate.logGroupName === name);
    checks.equal(`log group ${name} (retention days, key)`, [logGroup?.retentionInDays, logGroup?.kmsKeyId], [postgres.logRetentionDays, keyArn]);
  }

  await checkRoleSecrets(deployed, checks, String(db?.Endpoint?.Address));
}

/** RDS deletes the secret of a managed master password with the instance (or schedules it for deletion). */
async function checkMasterSecretGone(deployed: DeployedPlatform, checks: Checks): Promise<void> {
  const arn = String(deployed.outputs.postgres.master_secret_arn);
  const secret = await deployed.aws.secrets.send(new DescribeSecretCommand({ SecretId: arn })).catch((error: Error) => (error.name === 'ResourceNotFoundException' ? undefined : Promise.reject(error)));
  checks.ok('the managed master secret is gone with the instance', secret === undefined || secret.DeletedDate !== undefined, `${arn} is still active`);
}

/** Each role's secret: on the platform key, the connection JSON with a generated password, which no state file holds. */
async function checkRoleSecrets(deployed: DeployedPlatform, checks: Checks, host: string): Promise<void> {
  const { config, aws } = deployed;
  const outputs = deployed.outputs.postgres;
  const states = await deployed.stateFiles();
  const secretArns: string[] = [];
  for (const roleId of DATABASE_ROLE_IDS) {
    const role = DATABASE_ROLES[roleId];
    const name = `${config.namePrefix}/${config.environment}/${role.secretName}`;
    const secret = await aws.secrets.send(new DescribeSecretCommand({ SecretId: name }));
    secretArns.push(String(secret.ARN));
    checks.equal(`role secret ${name}: its output, and the platform key External Secrets can decrypt`, [outputs[`${roleId}_secret_arn`], secret.KmsKeyId], [
      secret.ARN,
      deployed.outputs.storage.platform_key_arn,
    ]);
    const value = parsed((await aws.secrets.send(new GetSecretValueCommand({ SecretId: name }))).SecretString ?? '');
    const password = String(value.password ?? '');
    checks.equal(`role secret ${name} holds the connection JSON`, [Object.keys(value).sort(), value.host, value.port, value.database, value.username], [
      [...CONNECTION_KEYS].sort(),
      host,
      outputs.port,
      role.database,
      role.username,
    ]);
    checks.ok(`role secret ${name} holds a generated password of 32+ letters and digits`, /^[A-Za-z0-9]{32,}$/.test(password), `${password.length} characters of the wrong shape`);
    checks.ok(`role secret ${name}: its password appears in no state file (written through secret_string_wo)`, password !== '' && states.every((state) => !state.includes(password)));
  }
  const written = states.flatMap(secretVersionsIn).filter((version) => secretArns.includes(String(version.secret_id)));
  checks.equal(
    'state records each role secret version with secret_string "" and no write-only value',
    written.map((version) => [version.secret_string, version.secret_string_wo ?? null]),
    secretArns.map(() => ['', null]),
  );
}

function secretVersionsIn(state: string): Record<string, unknown>[] {
  const resources = (parsed(state).resources ?? []) as { type: string; instances: { attributes: Record<string, unknown> }[] }[];
  return resources.filter((resource) => resource.type === 'aws_secretsmanager_secret_version').flatMap((resource) => resource.instances.map((instance) => instance.attributes));
}

function parsed(text: string): Record<string, any> {
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    return {};
  }
}
