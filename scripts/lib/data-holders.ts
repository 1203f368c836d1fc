/** A resource of a synthesized stack: its attributes as written to cdk.tf.json. */
type SynthesizedResource = Readonly<Record<string, unknown>>;

/** A kind of resource whose destroy deletes data that nothing else keeps, or fails while it holds any. */
interface DataHolder {
  /** What one of them is called in messages, singular and plural. */
  readonly noun: readonly [string, string];
  /** What `--purge-data` deletes in it. */
  readonly contents: string;
  /** Whether this resource, as synthesized, loses data when destroyed. @default always */
  readonly losesData?: (resource: SynthesizedResource) => boolean;
}

/**
 * The resource types that make a stack own data, keyed by Terraform type. A cleanup keeps such a
 * stack (and every stack it reads) unless `--purge-data` is given. Buckets and repositories are
 * created with `force_destroy`/`force_delete` off, so AWS itself refuses to delete one that holds
 * anything; a database drops its tables.
 */
export const DATA_HOLDERS: Readonly<Record<string, DataHolder>> = {
  aws_s3_bucket: { noun: ['S3 bucket', 'S3 buckets'], contents: 'every object version and delete marker' },
  aws_ecr_repository: { noun: ['ECR repository', 'ECR repositories'], contents: 'every image' },
  // With a final snapshot, the data outlives the instance; without one it is gone.
  aws_db_instance: { noun: ['RDS instance', 'RDS instances'], contents: 'its databases (no final snapshot)', losesData: (db) => db.skip_final_snapshot === true },
  aws_rds_cluster: { noun: ['RDS cluster', 'RDS clusters'], contents: 'its databases (no final snapshot)', losesData: (db) => db.skip_final_snapshot === true },
  snowflake_database: { noun: ['Snowflake database', 'Snowflake databases'], contents: 'its schemas and tables' },
};

/**
 * What a stack's destroy would delete for good, from its synthesized resources, e.g.
 * `5 S3 buckets (every object version and delete marker)`; empty when it owns no data.
 */
export function dataOwnedBy(resources: Readonly<Record<string, Readonly<Record<string, SynthesizedResource>>>>): string[] {
  return Object.entries(DATA_HOLDERS).flatMap(([type, holder]) => {
    const losing = Object.values(resources[type] ?? {}).filter((resource) => holder.losesData?.(resource) ?? true);
    if (losing.length === 0) return [];
    return [`${losing.length} ${holder.noun[losing.length === 1 ? 0 : 1]} (${holder.contents})`];
  });
}
