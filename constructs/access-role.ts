import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { SYSTEM_ROLES } from '../config/sections/snowflake';
import { AccountRole, GrantAccountRole, GrantPrivilegesToAccountRole, type GrantPrivilegesToAccountRoleConfig } from '../providers/snowflake';
import type { MonitoredWarehouse } from './monitored-warehouse';
import type { DatabaseSchema, PlatformDatabase } from './platform-database';

export interface AccessRoleProps {
  /** Role name, an unquoted identifier, e.g. `LOADER`. */
  readonly name: string;
  /** What the role is for; shown in Snowsight. */
  readonly comment: string;
  /** The role that inherits this one (the platform's owner role), so the hierarchy ends under SYSADMIN. */
  readonly parentRole: string;
  /** A provider configuration whose role may create roles and grant privileges (MANAGE GRANTS). */
  readonly provider: TerraformProvider;
}

/** Privileges on a schema and on the future objects in it, one set per intent. */
const SCHEMA_INTENTS = {
  /** Select from every table and view, present and future. */
  read: { onSchema: ['USAGE'], futureTables: ['SELECT'], futureViews: ['SELECT'] },
  /** Create tables and load them (Airbyte creates its own tables and internal stages); write every table. */
  load: { onSchema: ['USAGE', 'CREATE TABLE', 'CREATE STAGE'], futureTables: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], futureViews: [] },
  /** Create the tables and views it builds (dbt), which it then owns; nothing else in the schema. */
  build: { onSchema: ['USAGE', 'CREATE TABLE', 'CREATE VIEW'], futureTables: [], futureViews: [] },
} as const;

type SchemaIntent = keyof typeof SCHEMA_INTENTS;

/**
 * A service role with least privilege: created without any, it gains exactly what its intent
 * methods grant (use a warehouse, read, load or build in a schema), with the database usage
 * a schema needs. It is granted to the owner role, never the other way round, and never an
 * administrative role.
 */
export class AccessRole extends Construct {
  readonly roleName: string;
  private readonly databasesInUse = new Set<PlatformDatabase<string>>();

  constructor(scope: Construct, id: string, private readonly props: AccessRoleProps) {
    super(scope, id);
    if ((SYSTEM_ROLES as readonly string[]).includes(props.name)) throw new Error(`AccessRole ${id}: name must not be the system role ${props.name}`);
    const role = new AccountRole(this, 'role', { provider: props.provider, name: props.name, comment: props.comment });
    this.roleName = role.name;
    new GrantAccountRole(this, 'granted-to-parent', { provider: props.provider, roleName: role.name, parentRoleName: props.parentRole });
  }

  /** Run statements on the warehouse (USAGE resumes it when suspended). */
  useWarehouse(warehouse: MonitoredWarehouse): void {
    this.grant(`use-${warehouse.node.id}`, ['USAGE'], { onAccountObject: { objectType: 'WAREHOUSE', objectName: warehouse.warehouseName }, dependsOn: [warehouse.ownership] });
  }

  /** Select from every table and view of the schema, present and future. */
  read(schema: DatabaseSchema): void {
    this.onSchema('read', schema);
  }

  /** Create and write tables in the schema. */
  load(schema: DatabaseSchema): void {
    this.onSchema('load', schema);
  }

  /** Create tables and views in the schema. */
  build(schema: DatabaseSchema): void {
    this.onSchema('build', schema);
  }

  private onSchema(intent: SchemaIntent, schema: DatabaseSchema): void {
    this.useDatabase(schema.database);
    const privileges = SCHEMA_INTENTS[intent];
    const id = `${intent}-${schema.database.node.id}-${schema.node.id}`;
    this.grant(id, [...privileges.onSchema], { onSchema: { schemaName: schema.qualifiedName } });
    for (const [objects, granted] of [
      ['TABLES', privileges.futureTables],
      ['VIEWS', privileges.futureViews],
    ] as const) {
      if (granted.length === 0) continue;
      schema.futureGrants.push(
        this.grant(`${id}-future-${objects.toLowerCase()}`, [...granted], { onSchemaObject: { future: { objectTypePlural: objects, inSchema: schema.qualifiedName } } })
      );
    }
  }

  private useDatabase(database: PlatformDatabase<string>): void {
    if (this.databasesInUse.has(database)) return;
    this.databasesInUse.add(database);
    this.grant(`use-${database.node.id}`, ['USAGE'], { onAccountObject: { objectType: 'DATABASE', objectName: database.databaseName } });
  }

  private grant(id: string, privileges: string[], on: Pick<GrantPrivilegesToAccountRoleConfig, 'onAccountObject' | 'onSchema' | 'onSchemaObject' | 'dependsOn'>) {
    return new GrantPrivilegesToAccountRole(this, id, { provider: this.props.provider, accountRoleName: this.roleName, privileges, ...on });
  }
}
