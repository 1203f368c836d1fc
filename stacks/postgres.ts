import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { secretRotated } from '../aspects/rules/secrets';
import { waivePolicy } from '../aspects/waivers';
import { DATABASE_ROLE_IDS, DATABASE_ROLES, type DatabaseRoleId } from '../config/database-roles';
import { POSTGRES_PORT } from '../config/sections/postgres';
import { DatabaseRoleSecret } from '../constructs/database-role-secret';
import { DatabaseSecurityGroup } from '../constructs/database-security-group';
import { PlatformKey } from '../constructs/platform-key';
import { PostgresInstance } from '../constructs/postgres-instance';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { StackDefinition } from './stack-definition';

export interface PostgresStackProps extends PlatformStackProps {
  readonly vpcId: string;
  /** The network stack's isolated subnets (no route out of the VPC), one per AZ. */
  readonly isolatedSubnetIds: string[];
  /**
   * The security groups admitted to PostgreSQL, by name: the eks stack's cluster and node
   * security groups, and nothing else.
   */
  readonly clientSecurityGroupIds: Readonly<Record<string, string>>;
  /**
   * Encrypts the role secrets: the storage stack's platform key, whose Secrets Manager-scoped
   * decrypt External Secrets already holds (SecretsStack.grantReadWorkloadCredentials()).
   */
  readonly secretsKey: PlatformKey;
}

/** What postgres-bootstrap and consumers read of the database server. */
export interface PostgresServer {
  /** Host name of the instance. */
  readonly endpoint: string;
  readonly port: number;
  readonly masterUsername: string;
  /** The RDS-managed secret with the master user's `{username, password}` (database key). */
  readonly masterSecretArn: string;
  /** Each role's secret: JSON `{host, port, database, username, password}` (platform key). */
  readonly roleSecrets: Readonly<Record<DatabaseRoleId, DatabaseRoleSecret>>;
}

/**
 * RDS PostgreSQL for Airflow's and Airbyte's metadata and the OLTP source (AWS only), reachable
 * only from the cluster, and one secret per database role with its generated password.
 */
export class PostgresStack extends PlatformStack implements PostgresServer {
  readonly endpoint: string;
  readonly port: number;
  readonly masterUsername: string;
  readonly masterSecretArn: string;
  readonly securityGroupId: string;
  /** Encrypts the instance's storage, Performance Insights, its master secret and its logs. */
  readonly key: PlatformKey;
  readonly roleSecrets: Readonly<Record<DatabaseRoleId, DatabaseRoleSecret>>;

  constructor(scope: Construct, definition: StackDefinition, props: PostgresStackProps) {
    super(scope, definition, props);
    const { config } = props;
    const { postgres } = config;
    const identifier = this.names.databaseIdentifier('postgres');

    this.key = new PlatformKey(this, 'database-key', {
      alias: this.names.keyAlias('postgres'),
      description: `Encrypts the ${identifier} database: storage, Performance Insights, master password and logs`,
      cloudWatchLogsRegion: config.region,
    });
    const access = new DatabaseSecurityGroup(this, 'security-group', {
      name: identifier,
      vpcId: props.vpcId,
      port: POSTGRES_PORT,
      clientSecurityGroupIds: props.clientSecurityGroupIds,
    });
    this.securityGroupId = access.securityGroupId;

    const instance = new PostgresInstance(this, 'instance', {
      identifier,
      engineMajorVersion: postgres.engineVersion,
      instanceClass: postgres.instanceClass,
      allocatedStorageGib: postgres.storage.allocatedGib,
      maxAllocatedStorageGib: postgres.storage.maxAllocatedGib,
      subnetIds: props.isolatedSubnetIds,
      securityGroupId: access.securityGroupId,
      key: this.key,
      masterUsername: postgres.masterUsername,
      multiAz: postgres.multiAz,
      deletionProtection: postgres.deletionProtection,
      finalSnapshot: postgres.finalSnapshot,
      backupRetentionDays: postgres.backupRetentionDays,
      backupWindow: postgres.backupWindow,
      maintenanceWindow: postgres.maintenanceWindow,
      applyImmediately: postgres.applyChangesImmediately,
      performanceInsightsRetentionDays: postgres.performanceInsightsRetentionDays,
      logRetentionDays: postgres.logRetentionDays,
      slowStatementMs: postgres.slowStatementMs,
      maxSlotWalKeepGib: postgres.cdc.maxSlotWalKeepGib,
    });
    this.endpoint = instance.address;
    this.port = instance.port;
    this.masterUsername = instance.masterUsername;
    this.masterSecretArn = instance.masterSecretArn;

    const roleSecrets = {} as Record<DatabaseRoleId, DatabaseRoleSecret>;
    for (const roleId of DATABASE_ROLE_IDS) {
      const role = DATABASE_ROLES[roleId];
      const secret = new DatabaseRoleSecret(this, `${roleId}-role-secret`, {
        name: this.names.secretName(role.secretName),
        description: `${role.description}: JSON {host, port, database, username, password} of role ${role.username}, password generated by the platform`,
        key: props.secretsKey,
        region: config.region,
        recoveryWindowDays: config.secrets.recoveryWindowDays,
        host: instance.address,
        port: instance.port,
        database: role.database,
        username: role.username,
        version: postgres.passwordVersions[roleId],
      });
      waivePolicy(
        secret.resource,
        secretRotated,
        `RDS rotates only its own master secret, not a role's JSON. The data-platform team rotates it every 90 days: raise postgres.passwordVersions.${roleId} in config/environments/ and deploy postgres, then postgres-bootstrap (which sets the role's password from the secret), then restart what reads it.`,
      );
      roleSecrets[roleId] = secret;
      new TerraformOutput(this, `${roleId}_secret_arn`, { value: secret.secretArn, description: `ARN of the ${role.username} role's connection secret (${role.database} database)` });
    }
    this.roleSecrets = roleSecrets;

    new TerraformOutput(this, 'endpoint', { value: this.endpoint, description: 'Host name of the PostgreSQL instance (reachable from the cluster only)' });
    new TerraformOutput(this, 'port', { value: this.port, description: 'Port of the PostgreSQL instance' });
    new TerraformOutput(this, 'master_username', { value: this.masterUsername, description: 'Master user of the instance (rds_superuser, not a superuser)' });
    new TerraformOutput(this, 'master_secret_arn', { value: this.masterSecretArn, description: "ARN of the RDS-managed secret holding the master user's password" });
    new TerraformOutput(this, 'security_group_id', { value: this.securityGroupId, description: 'Security group of the instance: 5432 from the cluster and node security groups only' });
    new TerraformOutput(this, 'kms_key_arn', { value: this.key.keyArn, description: 'KMS key encrypting the instance storage, Performance Insights, master secret and logs' });
  }
}
