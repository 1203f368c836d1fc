import { refersTo, type PolicyRule, type SynthesizedResource } from '../policy';
import { perResource, violation } from './violation';

const INSTANCE = 'aws_db_instance';

/** Storage is encrypted with a platform key, not left plain or on the AWS-managed key. */
export const rdsEncrypted = perResource({ id: 'rds-encrypted', checkovId: 'CKV_AWS_16' }, INSTANCE, (db) =>
  db.attributes.storage_encrypted === true && db.attributes.kms_key_id ? undefined : 'storage is not encrypted with a platform key (storage_encrypted and kms_key_id); use PostgresInstance',
);

/** No instance gets a public address: clients reach it inside the VPC, operators through a port-forward. */
export const rdsNotPublic = perResource({ id: 'rds-not-public', checkovId: 'CKV_AWS_17' }, INSTANCE, (db) =>
  db.attributes.publicly_accessible === true ? 'instance is publicly accessible; keep it in isolated subnets and reach it through the cluster or an SSM port-forward' : undefined,
);

/** IAM database authentication is on, so people can log in with short-lived tokens instead of passwords. */
export const rdsIamAuthentication = perResource({ id: 'rds-iam-authentication', checkovId: 'CKV_AWS_161' }, INSTANCE, (db) =>
  db.attributes.iam_database_authentication_enabled === true ? undefined : 'IAM database authentication is off; set iam_database_authentication_enabled',
);

/** The master password is RDS's to make and keep (Secrets Manager): never in code, plan or state. */
export const rdsMasterPasswordManaged = perResource({ id: 'rds-master-password-managed' }, INSTANCE, (db) => {
  if (db.attributes.password !== undefined || db.attributes.password_wo !== undefined) return 'the master password is set by code; set manage_master_user_password and let RDS keep it in Secrets Manager';
  if (db.attributes.snapshot_identifier !== undefined || db.attributes.replicate_source_db !== undefined) return undefined;
  return db.attributes.manage_master_user_password === true ? undefined : 'manage_master_user_password is off; let RDS generate and keep the master password in Secrets Manager';
});

/** The database's own logs reach CloudWatch, where they are kept and searchable. */
export const rdsLogsExported = perResource({ id: 'rds-logs-exported', checkovId: 'CKV_AWS_129' }, INSTANCE, (db) =>
  ((db.attributes.enabled_cloudwatch_logs_exports ?? []) as string[]).length > 0 ? undefined : 'no logs are exported to CloudWatch; set enabled_cloudwatch_logs_exports',
);

/** Automated backups (and point-in-time recovery) are on. */
export const rdsBackedUp = perResource({ id: 'rds-backups', checkovId: 'CKV_AWS_133' }, INSTANCE, (db) =>
  typeof db.attributes.backup_retention_period === 'number' && db.attributes.backup_retention_period >= 1 ? undefined : 'automated backups are off; set backup_retention_period to 1-35 days',
);

/** Snapshots carry the instance's tags, so ownership and cost allocation survive a restore. */
export const rdsTagsCopiedToSnapshots = perResource({ id: 'rds-copy-tags-to-snapshots', checkovId: 'CKV2_AWS_60' }, INSTANCE, (db) =>
  db.attributes.copy_tags_to_snapshot === true ? undefined : 'copy_tags_to_snapshot is off',
);

/** Minor versions (security fixes) are applied in the maintenance window. */
export const rdsMinorUpgrades = perResource({ id: 'rds-auto-minor-upgrade', checkovId: 'CKV_AWS_226' }, INSTANCE, (db) =>
  db.attributes.auto_minor_version_upgrade === false ? 'auto_minor_version_upgrade is off, so security fixes wait for someone to apply them' : undefined,
);

/** Performance Insights is on and encrypted with a platform key: it holds query text. */
export const rdsPerformanceInsightsEncrypted = perResource({ id: 'rds-performance-insights-kms', checkovId: 'CKV_AWS_354' }, INSTANCE, (db) =>
  db.attributes.performance_insights_enabled === true && db.attributes.performance_insights_kms_key_id
    ? undefined
    : 'Performance Insights is off or not encrypted with a platform key; set performance_insights_enabled and performance_insights_kms_key_id',
);

/** Clients must use TLS: the instance's parameter group (in the same stack) sets rds.force_ssl = 1. */
export const rdsTlsRequired: PolicyRule = {
  id: 'rds-tls-required',
  check: (resources) =>
    resources.ofType(INSTANCE).flatMap((db) => {
      const groups = resources.ofType('aws_db_parameter_group').filter((group) => refersTo(db.attributes.parameter_group_name, group));
      return groups.some(forcesTls)
        ? []
        : [violation(rdsTlsRequired, db, 'its parameter group does not set rds.force_ssl = 1, so clients may connect without TLS; use PostgresInstance')];
    }),
};

function forcesTls(group: SynthesizedResource): boolean {
  return ((group.attributes.parameter ?? []) as { name?: string; value?: string }[]).some((parameter) => parameter.name === 'rds.force_ssl' && parameter.value === '1');
}

export const rdsRules: readonly PolicyRule[] = [
  rdsEncrypted,
  rdsNotPublic,
  rdsIamAuthentication,
  rdsMasterPasswordManaged,
  rdsLogsExported,
  rdsBackedUp,
  rdsTagsCopiedToSnapshots,
  rdsMinorUpgrades,
  rdsPerformanceInsightsEncrypted,
  rdsTlsRequired,
];
