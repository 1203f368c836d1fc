import { Fn, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { DATABASE_ROLE_IDS, DATABASE_ROLES, OWNED_DATABASES, type DatabaseRoleId } from '../config/database-roles';
import { LogicalReplicationSource } from '../constructs/logical-replication-source';
import { OwnedDatabase } from '../constructs/owned-database';
import type { PolicyStatement } from '../constructs/policy-document';
import { PostgresLoginRole } from '../constructs/postgres-login-role';
import { ephemeralSecretValue } from '../providers/aws';
import { configurePostgresql } from '../providers/postgresql';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { PostgresServer } from './postgres';
import type { StackDefinition } from './stack-definition';

/** The database every RDS PostgreSQL instance has, where the provider logs in first. */
const MAINTENANCE_DATABASE = 'postgres';

export interface PostgresBootstrapStackProps extends PlatformStackProps {
  /** The postgres stack: endpoint, master secret and each role's secret. */
  readonly server: PostgresServer;
}

/**
 * How a consumer reaches one database role: its Secrets Manager secret, whose JSON
 * `{host, port, database, username, password}` External Secrets turns into a Kubernetes Secret
 * (e.g. Airflow's `connection`: `postgresql://{username}:{password}@{host}:{port}/{database}?sslmode=require`).
 * `database` and `username` refer to this stack, so a consumer deploys after the role exists.
 */
export interface DatabaseConnection {
  readonly secretArn: string;
  readonly secretName: string;
  readonly database: string;
  readonly username: string;
  /** Reading the secret, and decrypting it through Secrets Manager only. */
  grantRead(): PolicyStatement[];
}

/** Airbyte's CDC names for the OLTP source. */
export interface ChangeDataCapture {
  readonly publication: string;
  readonly replicationSlot: string;
}

/**
 * Inside the instance (postgresql provider): a login role per database role, its password set
 * write-only from its secret; Airflow's, Airbyte's and the OLTP source's databases, each owned
 * by its role and closed to the others; the CDC reader with rds_replication, the publication and
 * the pgoutput slot. The provider logs in as the RDS master user, read ephemerally.
 */
export class PostgresBootstrapStack extends PlatformStack {
  readonly connections: Readonly<Record<DatabaseRoleId, DatabaseConnection>>;
  readonly changeDataCapture: ChangeDataCapture;

  constructor(scope: Construct, definition: StackDefinition, props: PostgresBootstrapStackProps) {
    super(scope, definition, props);
    const { config, server } = props;
    const { postgres } = config;

    const admin = postgres.adminEndpoint ?? { host: server.endpoint, port: server.port };
    const master = ephemeralSecretValue(this, 'master-login', server.masterSecretArn).attribute('secret_string');
    configurePostgresql(this, {
      host: admin.host,
      port: admin.port,
      database: MAINTENANCE_DATABASE,
      username: server.masterUsername,
      password: Fn.lookup(Fn.jsondecode(master), 'password'),
      sslmode: postgres.adminSslMode,
    });

    const roles = Object.fromEntries(
      DATABASE_ROLE_IDS.map((roleId) => {
        const role = DATABASE_ROLES[roleId];
        return [
          roleId,
          new PostgresLoginRole(this, `${roleId}-role`, {
            name: role.username,
            secretArn: server.roleSecrets[roleId].secretArn,
            passwordVersion: postgres.passwordVersions[roleId],
            memberOf: role.access.kind === 'change-data-capture' ? ['rds_replication'] : [],
            createDatabases: role.access.kind === 'owner' && role.access.createsDatabases,
          }),
        ];
      }),
    ) as Record<DatabaseRoleId, PostgresLoginRole>;

    const databases = Object.fromEntries(
      OWNED_DATABASES.map((roleId) => [
        DATABASE_ROLES[roleId].database,
        new OwnedDatabase(this, `${roleId}-database`, {
          name: DATABASE_ROLES[roleId].database,
          owner: roles[roleId].name,
          administrator: server.masterUsername,
          // Where the instance may not be deleted, neither may its databases.
          preventDestroy: postgres.deletionProtection,
        }).name,
      ]),
    ) as Record<string, string>;

    const cdc = new LogicalReplicationSource(this, 'oltp-cdc', {
      database: databases[DATABASE_ROLES.cdc.database],
      tableOwner: roles.oltp.name,
      reader: roles.cdc.name,
      publication: postgres.cdc.publication,
      replicationSlot: postgres.cdc.replicationSlot,
    });
    this.changeDataCapture = { publication: cdc.publicationName, replicationSlot: cdc.replicationSlotName };

    this.connections = Object.fromEntries(
      DATABASE_ROLE_IDS.map((roleId) => {
        const secret = server.roleSecrets[roleId];
        const connection: DatabaseConnection = {
          secretArn: secret.secretArn,
          secretName: secret.secretName,
          database: databases[DATABASE_ROLES[roleId].database],
          username: roles[roleId].name,
          grantRead: () => secret.grantRead(),
        };
        return [roleId, connection];
      }),
    ) as Record<DatabaseRoleId, DatabaseConnection>;

    for (const roleId of DATABASE_ROLE_IDS) {
      const { database, username } = this.connections[roleId];
      new TerraformOutput(this, `${roleId}_database`, { value: database, description: `Database of the ${DATABASE_ROLES[roleId].username} role` });
      new TerraformOutput(this, `${roleId}_username`, { value: username, description: `Login role for ${DATABASE_ROLES[roleId].description}` });
    }
    new TerraformOutput(this, 'cdc_publication', { value: this.changeDataCapture.publication, description: 'Publication of the OLTP tables that Airbyte CDC reads' });
    new TerraformOutput(this, 'cdc_replication_slot', { value: this.changeDataCapture.replicationSlot, description: 'pgoutput logical replication slot that Airbyte CDC reads' });
  }
}
