import { SnowflakeObjects, type PrivilegeGrant, type SnowflakeStackJson } from './snowflake-objects';

/** What a role can do to a database or schema, strongest first; '' is nothing. */
export type DataAccess = 'own' | 'write' | 'read' | '';
export type WarehouseAccess = 'own' | 'use' | '';

/** Who can do what, derived from the synthesized grants alone (the role hierarchy followed). */
export interface AccessMatrix {
  /** The owner role (the stack's login role) and the roles the stack creates. */
  readonly roles: readonly string[];
  /** Each database, then its schemas (`DATABASE.SCHEMA`). */
  readonly data: readonly { readonly object: string; readonly access: Readonly<Record<string, DataAccess>> }[];
  readonly warehouses: readonly { readonly warehouse: string; readonly access: Readonly<Record<string, WarehouseAccess>> }[];
  /** Role grants, child to parent: the parent inherits the child's privileges. */
  readonly hierarchy: readonly { readonly role: string; readonly parent: string }[];
  /** Each service user, its default role, and every role it can use (its grants and what they inherit). */
  readonly users: readonly { readonly user: string; readonly defaultRole: string; readonly reaches: readonly string[] }[];
}

const RANK: Record<DataAccess, number> = { '': 0, read: 1, write: 2, own: 3 };

export function deriveAccessMatrix(json: SnowflakeStackJson): AccessMatrix {
  const objects = new SnowflakeObjects(json);
  const hierarchy = objects.roleGrants().sort((a, b) => a.role.localeCompare(b.role));
  const roles = [objects.defaultRole, ...objects.names('snowflake_account_role').sort()];
  /** A role holds itself and, transitively, every role granted to it. */
  const held = (role: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(role)) return seen;
    seen.add(role);
    for (const grant of hierarchy) if (grant.parent === role) held(grant.role, seen);
    return seen;
  };
  const grants = objects.privilegeGrants();
  const owners = {
    database: objects.owners('snowflake_database', 'DATABASE'),
    schema: objects.owners('snowflake_schema', 'SCHEMA'),
    warehouse: objects.owners('snowflake_warehouse', 'WAREHOUSE'),
  };

  const accessOf = (role: string) => {
    const holds = held(role);
    const granted = (privilege: string, matches: (on: PrivilegeGrant['on']) => boolean) =>
      grants.some((grant) => holds.has(grant.role) && grant.privileges.includes(privilege) && matches(grant.on));
    const owns = (kind: keyof typeof owners, name: string) => holds.has(owners[kind].get(name) ?? '');
    const onAccountObject = (type: string, name: string) => (on: PrivilegeGrant['on']) => on.kind === 'account-object' && on.objectType === type && on.name === name;
    const onSchema = (schema: string) => (on: PrivilegeGrant['on']) => on.kind === 'schema' && on.schema === schema;
    const onObjectsIn = (schema: string, types: string[]) => (on: PrivilegeGrant['on']) => on.kind === 'schema-objects' && on.schema === schema && types.includes(on.objectType);

    const schemaAccess = (schema: string): DataAccess => {
      if (owns('schema', schema)) return 'own';
      const database = schema.split('.')[0];
      const reachable = (owns('database', database) || granted('USAGE', onAccountObject('DATABASE', database))) && granted('USAGE', onSchema(schema));
      if (!reachable) return '';
      if (granted('CREATE TABLE', onSchema(schema)) || granted('INSERT', onObjectsIn(schema, ['TABLES']))) return 'write';
      return granted('SELECT', onObjectsIn(schema, ['TABLES', 'VIEWS'])) ? 'read' : '';
    };
    const databaseAccess = (database: string, schemas: string[]): DataAccess =>
      owns('database', database) ? 'own' : schemas.map(schemaAccess).reduce<DataAccess>((best, access) => (RANK[access] > RANK[best] ? access : best), '');
    const warehouseAccess = (warehouse: string): WarehouseAccess => (owns('warehouse', warehouse) ? 'own' : granted('USAGE', onAccountObject('WAREHOUSE', warehouse)) ? 'use' : '');
    return { schemaAccess, databaseAccess, warehouseAccess };
  };
  const byRole = new Map(roles.map((role) => [role, accessOf(role)]));
  const row = <A>(access: (role: string) => A) => Object.fromEntries(roles.map((role) => [role, access(role)])) as Record<string, A>;

  const schemas = objects.names('snowflake_schema').sort();
  const data = objects
    .names('snowflake_database')
    .sort()
    .flatMap((database) => {
      const inDatabase = schemas.filter((schema) => schema.startsWith(`${database}.`));
      return [
        { object: database, access: row((role) => byRole.get(role)!.databaseAccess(database, inDatabase)) },
        ...inDatabase.map((schema) => ({ object: schema, access: row((role) => byRole.get(role)!.schemaAccess(schema)) })),
      ];
    });
  const warehouses = objects
    .names('snowflake_warehouse')
    .sort()
    .map((warehouse) => ({ warehouse, access: row((role) => byRole.get(role)!.warehouseAccess(warehouse)) }));
  const userGrants = objects.userGrants();
  const users = objects
    .all('snowflake_service_user')
    .map((user) => {
      const name = objects.text(user.name);
      const reaches = new Set(userGrants.filter((grant) => grant.user === name).flatMap((grant) => [...held(grant.role)]));
      return { user: name, defaultRole: objects.text(user.default_role), reaches: [...reaches].sort() };
    })
    .sort((a, b) => a.user.localeCompare(b.user));
  return { roles, data, warehouses, hierarchy, users };
}

/** The matrix as the tables `npm run access-matrix` prints. */
export function formatAccessMatrix(matrix: AccessMatrix): string {
  const cell = (access: string) => access || '-';
  const table = (header: string[], rows: string[][]) => {
    const widths = header.map((_, column) => Math.max(...[header, ...rows].map((line) => line[column].length)));
    return [header, ...rows].map((line) =>
      line
        .map((text, column) => text.padEnd(widths[column]))
        .join('  ')
        .trimEnd()
    );
  };
  return [
    ...table(
      ['Database / schema', ...matrix.roles],
      matrix.data.map(({ object, access }) => [object.includes('.') ? `  ${object}` : object, ...matrix.roles.map((role) => cell(access[role]))])
    ),
    '',
    ...table(
      ['Warehouse', ...matrix.roles],
      matrix.warehouses.map(({ warehouse, access }) => [warehouse, ...matrix.roles.map((role) => cell(access[role]))])
    ),
    '',
    'Role hierarchy (the parent inherits the role)',
    ...table(
      ['Role', 'Parent'],
      matrix.hierarchy.map(({ role, parent }) => [role, parent])
    ).map((line) => `  ${line}`),
    '',
    'Service users',
    ...table(
      ['User', 'Default role', 'Reaches'],
      matrix.users.map(({ user, defaultRole, reaches }) => [user, defaultRole, reaches.join(', ')])
    ).map((line) => `  ${line}`),
    '',
    'own: owns it. write: creates tables or writes rows in it. read: selects its tables and views. use: runs statements on the warehouse.',
  ].join('\n');
}
