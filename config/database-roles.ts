/**
 * Every login role the platform creates in its PostgreSQL instance, the database it works in
 * and its Secrets Manager entry (relative to `<namePrefix>/<environment>/`, so External
 * Secrets' grant on that prefix reads them). The postgres stack generates each password into
 * the secret; the postgres-bootstrap stack creates the role and database from it.
 */
export const DATABASE_ROLES = {
  airflow: {
    username: 'airflow',
    database: 'airflow',
    secretName: 'postgres/airflow',
    description: "Airflow's metadata database",
    access: { kind: 'owner', createsDatabases: false },
  },
  airbyte: {
    username: 'airbyte',
    database: 'airbyte',
    secretName: 'postgres/airbyte',
    description: "Airbyte's configuration and job database",
    // Temporal's auto-setup (inside the Airbyte chart) creates its temporal and temporal_visibility databases.
    access: { kind: 'owner', createsDatabases: true },
  },
  oltp: {
    username: 'oltp_owner',
    database: 'oltp',
    secretName: 'postgres/oltp',
    description: 'The OLTP source database (the proposal\'s interim database): its owner, which writes its tables',
    access: { kind: 'owner', createsDatabases: false },
  },
  cdc: {
    username: 'airbyte_cdc',
    database: 'oltp',
    secretName: 'postgres/cdc',
    description: "Airbyte's change-data-capture reader of the OLTP source: rds_replication, SELECT on its tables",
    access: { kind: 'change-data-capture' },
  },
} as const satisfies Record<string, DatabaseRole>;

export interface DatabaseRole {
  /** PostgreSQL role name (an unquoted identifier). */
  readonly username: string;
  /** The database the role connects to. */
  readonly database: string;
  /** Secrets Manager name relative to `<namePrefix>/<environment>/`. */
  readonly secretName: string;
  /** What the role is for; shown in the secret's description. */
  readonly description: string;
  /**
   * `owner`: owns `database`, which the bootstrap creates for it. `change-data-capture`: reads
   * `database` through the replication slot (rds_replication) and SELECT on its tables.
   */
  readonly access: { readonly kind: 'owner'; readonly createsDatabases: boolean } | { readonly kind: 'change-data-capture' };
}

export type DatabaseRoleId = keyof typeof DATABASE_ROLES;

export const DATABASE_ROLE_IDS = Object.keys(DATABASE_ROLES) as DatabaseRoleId[];

/** The databases the bootstrap creates, each with the role that owns it. */
export const OWNED_DATABASES = DATABASE_ROLE_IDS.filter((id) => DATABASE_ROLES[id].access.kind === 'owner');
