import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { nameProblem } from '../config/naming';
import { DbInstance, DbParameterGroup, DbSubnetGroup } from '../providers/aws';
import { EncryptedLogGroup } from './encrypted-log-group';
import type { PlatformKey } from './platform-key';

/** The logs RDS PostgreSQL can export; every one goes to a log group this construct owns. */
export const POSTGRES_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

export interface PostgresInstanceProps {
  /** RDS instance identifier, e.g. `dp-dev-postgres`; names its subnet group, parameter group and log groups. */
  readonly identifier: string;
  /** PostgreSQL major version, e.g. `16`; RDS applies minor versions in the maintenance window. */
  readonly engineMajorVersion: string;
  /** e.g. `db.m7g.large`. */
  readonly instanceClass: string;
  /** gp3 storage at creation, GiB. */
  readonly allocatedStorageGib: number;
  /** Ceiling for storage autoscaling, GiB; at least 10% above `allocatedStorageGib`. */
  readonly maxAllocatedStorageGib: number;
  /** Subnets with no route out of the VPC, in at least two AZs. */
  readonly subnetIds: string[];
  /** The instance's only security group (DatabaseSecurityGroup). */
  readonly securityGroupId: string;
  /**
   * Encrypts storage, Performance Insights, the master password's secret and the exported
   * logs; its policy must let CloudWatch Logs use it (`cloudWatchLogsRegion`).
   */
  readonly key: PlatformKey;
  /** The master user; RDS generates and keeps its password in Secrets Manager. */
  readonly masterUsername: string;
  /** A standby in a second AZ. @default true */
  readonly multiAz?: boolean;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Take `<identifier>-final` when the instance is deleted. @default true */
  readonly finalSnapshot?: boolean;
  /** Days of automated backups (1-35). @default 14 */
  readonly backupRetentionDays?: number;
  /** Daily backup window, UTC, `hh:mm-hh:mm`. @default chosen by RDS */
  readonly backupWindow?: string;
  /** Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`. @default chosen by RDS */
  readonly maintenanceWindow?: string;
  /** Apply changes at deploy instead of in the maintenance window. @default false */
  readonly applyImmediately?: boolean;
  /** Days Performance Insights keeps (7 is free). @default 7 */
  readonly performanceInsightsRetentionDays?: number;
  /** Days the exported logs are kept. @default 90 */
  readonly logRetentionDays?: number;
  /** Statements slower than this are logged, ms. @default 1000 */
  readonly slowStatementMs?: number;
  /** WAL an unread logical replication slot may hold back before it is invalidated, GiB. Required, below `allocatedStorageGib`. */
  readonly maxSlotWalKeepGib: number;
}

/**
 * RDS PostgreSQL that no one outside its security group reaches: in the given (isolated)
 * subnets, never publicly accessible, gp3 storage encrypted with a platform key and
 * autoscaled to a ceiling, master password managed by RDS (never in code, plan or state),
 * IAM authentication on, TLS required, logical replication on for CDC, connections and slow
 * statements logged to encrypted log groups with retention, Performance Insights encrypted,
 * backups, tags copied to snapshots, minor versions applied in the maintenance window.
 */
export class PostgresInstance extends Construct {
  /** Host name of the instance. */
  readonly address: string;
  readonly port: number;
  /** The RDS-managed secret holding the master user's `{username, password}`. */
  readonly masterSecretArn: string;
  readonly masterUsername: string;
  readonly resource: DbInstance;

  constructor(scope: Construct, id: string, props: PostgresInstanceProps) {
    super(scope, id);
    validate(id, props);
    const backupRetentionDays = props.backupRetentionDays ?? 14;

    const subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: props.identifier,
      description: `Isolated subnets of ${props.identifier}`,
      subnetIds: props.subnetIds,
    });
    const parameters = new DbParameterGroup(this, 'parameters', {
      // A new major version needs a new family, so a new group exists before the old one goes.
      namePrefix: `${props.identifier}-postgres${props.engineMajorVersion}-`,
      family: `postgres${props.engineMajorVersion}`,
      description: `${props.identifier}: logical replication, TLS only, connection and slow-statement logging`,
      parameter: [
        // Static: it turns wal_level to logical, which Airbyte's CDC reads; takes effect at the next restart.
        { name: 'rds.logical_replication', value: '1', applyMethod: 'pending-reboot' },
        { name: 'rds.force_ssl', value: '1', applyMethod: 'immediate' },
        { name: 'log_connections', value: '1', applyMethod: 'immediate' },
        { name: 'log_disconnections', value: '1', applyMethod: 'immediate' },
        { name: 'log_min_duration_statement', value: String(props.slowStatementMs ?? 1000), applyMethod: 'immediate' },
        { name: 'max_slot_wal_keep_size', value: String(props.maxSlotWalKeepGib * 1024), applyMethod: 'immediate' },
      ],
      lifecycle: { createBeforeDestroy: true },
    });
    const logGroups = POSTGRES_LOG_EXPORTS.map(
      (log) =>
        new EncryptedLogGroup(this, `${log}-logs`, {
          // The name RDS writes to; created here first so it has a key and a retention.
          name: `/aws/rds/instance/${props.identifier}/${log}`,
          key: props.key,
          retentionDays: props.logRetentionDays ?? 90,
        }).resource,
    );

    const finalSnapshot = props.finalSnapshot ?? true;
    this.resource = new DbInstance(this, 'instance', {
      identifier: props.identifier,
      engine: 'postgres',
      engineVersion: props.engineMajorVersion,
      autoMinorVersionUpgrade: true,
      instanceClass: props.instanceClass,
      storageType: 'gp3',
      allocatedStorage: props.allocatedStorageGib,
      maxAllocatedStorage: props.maxAllocatedStorageGib,
      storageEncrypted: true,
      kmsKeyId: props.key.keyArn,
      username: props.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.key.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      publiclyAccessible: false,
      parameterGroupName: parameters.name,
      multiAz: props.multiAz ?? true,
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: !finalSnapshot,
      ...(finalSnapshot ? { finalSnapshotIdentifier: `${props.identifier}-final` } : {}),
      backupRetentionPeriod: backupRetentionDays,
      ...(props.backupWindow ? { backupWindow: props.backupWindow } : {}),
      ...(props.maintenanceWindow ? { maintenanceWindow: props.maintenanceWindow } : {}),
      copyTagsToSnapshot: true,
      applyImmediately: props.applyImmediately ?? false,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.key.keyArn,
      performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays ?? 7,
      tags: { Name: props.identifier },
      // RDS would otherwise create the log groups itself, unencrypted and kept forever.
      dependsOn: logGroups,
    });
    this.address = this.resource.address;
    this.port = this.resource.port;
    this.masterSecretArn = this.resource.masterUserSecret.get(0).secretArn;
    this.masterUsername = this.resource.username;
  }
}

function validate(id: string, props: PostgresInstanceProps): void {
  const problems: string[] = [];
  const identifierProblem = nameProblem('rdsIdentifier', props.identifier);
  if (identifierProblem) problems.push(`identifier: ${identifierProblem}`);
  if (!/^\d{2}$/.test(props.engineMajorVersion)) problems.push(`engineMajorVersion must be a major version such as "16", got "${props.engineMajorVersion}"`);
  if (props.maxAllocatedStorageGib < Math.ceil(props.allocatedStorageGib * 1.1)) {
    problems.push(`maxAllocatedStorageGib (${props.maxAllocatedStorageGib}) must be at least 10% above allocatedStorageGib (${props.allocatedStorageGib}) for storage autoscaling`);
  }
  const backupRetentionDays = props.backupRetentionDays ?? 14;
  if (backupRetentionDays < 1 || backupRetentionDays > 35) problems.push(`backupRetentionDays must be 1-35, got ${backupRetentionDays}`);
  if (props.maxSlotWalKeepGib <= 0 || props.maxSlotWalKeepGib >= props.allocatedStorageGib) {
    problems.push(`maxSlotWalKeepGib (${props.maxSlotWalKeepGib}) must be above 0 and below allocatedStorageGib (${props.allocatedStorageGib})`);
  }
  if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) problems.push('subnetIds must name subnets in at least two AZs (RDS requires it)');
  if (problems.length > 0) throw new Error(`PostgresInstance ${id}: ${problems.join('; ')}`);
}
