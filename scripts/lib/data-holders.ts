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
  aws_db_instance: { noun: ['RDS instance', 'RDS instances'], contents: 'its databases', losesData: databaseKept },
  aws_rds_cluster: { noun: ['RDS cluster', 'RDS clusters'], contents: 'its databases', losesData: databaseKept },
  snowflake_database: { noun: ['Snowflake database', 'Snowflake databases'], contents: 'its schemas and tables' },
};

/**
 * A database whose destroy keeps a final snapshot loses nothing; one without, or one with
 * deletion protection (its stack's way of saying it must never be destroyed), is kept.
 */
function databaseKept(db: SynthesizedResource): boolean {
  return db.skip_final_snapshot === true || db.deletion_protection === true;
}

/**
 * What a stack's destroy would delete for good, from its synthesized resources, e.g.
 * `5 S3 buckets (every object version and delete marker)`; empty when it owns no data. A resource
 * of any other type that its stack marks `prevent_destroy` counts too: Terraform refuses to
 * destroy it, so its stack cannot go.
 */
export function dataOwnedBy(resources: Readonly<Record<string, Readonly<Record<string, SynthesizedResource>>>>): string[] {
  const held = Object.entries(DATA_HOLDERS).flatMap(([type, holder]) => {
    const losing = Object.values(resources[type] ?? {}).filter((resource) => holder.losesData?.(resource) ?? true);
    if (losing.length === 0) return [];
    return [`${losing.length} ${holder.noun[losing.length === 1 ? 0 : 1]} (${holder.contents})`];
  });
  const protectedResources = Object.entries(resources)
    .filter(([type]) => !Object.hasOwn(DATA_HOLDERS, type))
    .flatMap(([, byName]) => Object.values(byName))
    .filter((resource) => (resource.lifecycle as { prevent_destroy?: unknown } | undefined)?.prevent_destroy === true);
  if (protectedResources.length > 0) held.push(`${protectedResources.length} resource${protectedResources.length === 1 ? '' : 's'} marked prevent_destroy`);
  return held;
}
