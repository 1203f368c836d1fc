import { loadConfig } from '../../config';
import { DATABASE_ROLE_IDS, DATABASE_ROLES, OWNED_DATABASES } from '../../config/database-roles';
import { ADMIN_ENDPOINT_ENV } from '../../config/sections/postgres';
import { addressOf, resourcesOf, synthPlatform, type SynthesizedPlatform, type SynthesizedStack } from '../support/synth';

const dev = loadConfig({ env: 'dev' });
let platform: SynthesizedPlatform;
let bootstrap: SynthesizedStack;
let prodBootstrap: SynthesizedStack;
let throughPortForward: SynthesizedStack;

beforeAll(() => {
  platform = synthPlatform({ env: 'dev' });
  bootstrap = platform.stack('postgres-bootstrap');
  prodBootstrap = synthPlatform({ env: 'prod' }).stack('postgres-bootstrap');
  throughPortForward = synthPlatform({ env: 'dev', overrides: { postgres: { adminEndpoint: '127.0.0.1:15432' } } }).stack('postgres-bootstrap');
});

const POSTGRES_OUTPUT = '${data.terraform_remote_state.cross-stack-reference-input-postgres.outputs.cross-stack-output-';

function role(stack: SynthesizedStack, username: string): Record<string, any> {
  return resourcesOf(stack, 'postgresql_role').find((candidate) => candidate.name === username)!;
}

function roleReference(stack: SynthesizedStack, username: string): string {
  return `\${${addressOf(stack, 'postgresql_role', role(stack, username))}.name}`;
}

function databaseReference(stack: SynthesizedStack, name: string): string {
  const database = resourcesOf(stack, 'postgresql_database').find((candidate) => candidate.name === name)!;
  return `\${${addressOf(stack, 'postgresql_database', database)}.name}`;
}

/** The ephemeral secret read a write-only password or login password comes from. */
function ephemeralSecretOf(stack: SynthesizedStack, expression: string): Record<string, any> {
  const name = /ephemeral\.aws_secretsmanager_secret_version\.([^.]+)\.secret_string/.exec(expression)![1];
  return stack.json.ephemeral!.aws_secretsmanager_secret_version[name];
}

describe('postgres-bootstrap stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(bootstrap.json).toMatchSnapshot();
  });

  it('is deployed after postgres, whose endpoint and secrets it reads', () => {
    expect(platform.manifest.stacks['postgres-bootstrap'].dependencies).toEqual(['postgres']);
  });

  it('logs in as the RDS master user, its password read ephemerally from the managed secret; not a superuser, TLS required', () => {
    const [provider] = bootstrap.json.provider.postgresql;
    expect(provider).toMatchObject({
      host: `${POSTGRES_OUTPUT}aws_db_instanceinstance_A89AA789address}`,
      port: `${POSTGRES_OUTPUT}aws_db_instanceinstance_A89AA789port}`,
      database: 'postgres',
      username: `${POSTGRES_OUTPUT}aws_db_instanceinstance_A89AA789username}`,
      superuser: false,
      sslmode: 'require',
      connect_timeout: 15,
    });
    expect(provider.password).toMatch(/^\$\{jsondecode\(ephemeral\.aws_secretsmanager_secret_version\.[^.]+\.secret_string\)\.password\}$/);
    expect(ephemeralSecretOf(bootstrap, String(provider.password))).toEqual({ secret_id: `${POSTGRES_OUTPUT}aws_db_instanceinstance_A89AA789master_user_secret0secret_arn}` });
  });

  it('connects through the configured admin endpoint instead, e.g. an SSM port-forward', () => {
    expect(throughPortForward.json.provider.postgresql[0]).toMatchObject({ host: '127.0.0.1', port: 15432, sslmode: 'require' });
  });

  it('sets every role password only through password_wo, from an ephemeral read of its own secret, versioned by config', () => {
    const roles = resourcesOf(bootstrap, 'postgresql_role');
    expect(roles.map((candidate) => candidate.name).sort()).toEqual(DATABASE_ROLE_IDS.map((id) => DATABASE_ROLES[id].username).sort());
    for (const id of DATABASE_ROLE_IDS) {
      const created = role(bootstrap, DATABASE_ROLES[id].username);
      expect(created.password).toBeUndefined();
      expect(created).toMatchObject({ login: true, password_wo_version: String(dev.postgres.passwordVersions[id]) });
      expect(created.password_wo).toMatch(/^\$\{jsondecode\(ephemeral\.aws_secretsmanager_secret_version\.[^.]+\.secret_string\)\.password\}$/);
      expect(ephemeralSecretOf(bootstrap, created.password_wo).secret_id).toMatch(
        new RegExp(`^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-postgres\\.outputs\\.cross-stack-output-aws_secretsmanager_secret${id}-role-secret_[0-9A-F]+arn\\}$`),
      );
      expect([created.superuser, created.create_role, created.replication]).toEqual([undefined, undefined, undefined]);
    }
    expect(bootstrap.text).not.toMatch(/"password"\s*:\s*"(?!\$\{jsondecode\(ephemeral\.)/);
  });

  it('makes the CDC role a member of rds_replication, not a REPLICATION role', () => {
    const cdc = role(bootstrap, DATABASE_ROLES.cdc.username);
    expect(cdc.roles).toEqual(['rds_replication']);
    expect(cdc.replication).toBeUndefined();
    for (const id of OWNED_DATABASES) expect(role(bootstrap, DATABASE_ROLES[id].username).roles).toEqual([]);
  });

  it("lets only Airbyte's role create databases (Temporal's auto-setup creates its own)", () => {
    expect(resourcesOf(bootstrap, 'postgresql_role').filter((candidate) => candidate.create_database).map((candidate) => candidate.name)).toEqual(['airbyte']);
  });

  it('creates the Airflow, Airbyte and OLTP databases, each owned by its role and closed to PUBLIC', () => {
    const databases = resourcesOf(bootstrap, 'postgresql_database');
    expect(databases.map((database) => [database.name, database.owner]).sort()).toEqual(
      OWNED_DATABASES.map((id) => [DATABASE_ROLES[id].database, roleReference(bootstrap, DATABASE_ROLES[id].username)]).sort(),
    );
    const revoked = resourcesOf(bootstrap, 'postgresql_grant').filter((grant) => grant.role === 'public');
    expect(revoked.map((grant) => [grant.database, grant.object_type, grant.privileges]).sort()).toEqual(
      OWNED_DATABASES.map((id) => [databaseReference(bootstrap, DATABASE_ROLES[id].database), 'database', []]).sort(),
    );
    expect(databases.every((database) => database.lifecycle.prevent_destroy === dev.postgres.deletionProtection)).toBe(true);
  });

  it('makes the master user a member of each owner before its database exists, so it can connect and grant there without being a superuser', () => {
    const memberships = resourcesOf(bootstrap, 'postgresql_grant_role');
    expect(memberships.map((membership) => [membership.role, membership.grant_role]).sort()).toEqual(
      OWNED_DATABASES.map((id) => [`${POSTGRES_OUTPUT}aws_db_instanceinstance_A89AA789username}`, roleReference(bootstrap, DATABASE_ROLES[id].username)]).sort(),
    );
    for (const id of OWNED_DATABASES) {
      const database = resourcesOf(bootstrap, 'postgresql_database').find((candidate) => candidate.name === DATABASE_ROLES[id].database)!;
      const membership = memberships.find((candidate) => candidate.grant_role === roleReference(bootstrap, DATABASE_ROLES[id].username))!;
      expect(database.depends_on).toEqual([addressOf(bootstrap, 'postgresql_grant_role', membership)]);
    }
  });

  it('gives the CDC role CONNECT, schema USAGE and SELECT on the OLTP tables, today\'s and future ones, and nothing else', () => {
    const cdc = roleReference(bootstrap, DATABASE_ROLES.cdc.username);
    const oltp = databaseReference(bootstrap, DATABASE_ROLES.oltp.database);
    const grants = resourcesOf(bootstrap, 'postgresql_grant').filter((grant) => grant.role === cdc);
    expect(grants.map((grant) => [grant.database, grant.object_type, grant.schema, grant.objects, grant.privileges]).sort()).toEqual(
      [
        [oltp, 'database', undefined, undefined, ['CONNECT']],
        [oltp, 'schema', 'public', undefined, ['USAGE']],
        [oltp, 'table', 'public', [], ['SELECT']],
      ].sort(),
    );
    expect(resourcesOf(bootstrap, 'postgresql_default_privileges')).toEqual([
      expect.objectContaining({ database: oltp, role: cdc, owner: roleReference(bootstrap, DATABASE_ROLES.oltp.username), schema: 'public', object_type: 'table', privileges: ['SELECT'] }),
    ]);
  });

  it('publishes the OLTP tables and creates the pgoutput slot, both named in config, and exports them', () => {
    const oltp = databaseReference(bootstrap, DATABASE_ROLES.oltp.database);
    expect(resourcesOf(bootstrap, 'postgresql_publication')).toEqual([expect.objectContaining({ name: dev.postgres.cdc.publication, database: oltp, all_tables: true })]);
    expect(resourcesOf(bootstrap, 'postgresql_replication_slot')).toEqual([expect.objectContaining({ name: dev.postgres.cdc.replicationSlot, database: oltp, plugin: 'pgoutput' })]);
    expect(dev.postgres.cdc).toMatchObject({ publication: 'airbyte_publication', replicationSlot: 'airbyte_slot' });
    const outputs = bootstrap.json.output!;
    expect(outputs.cdc_publication.value).toMatch(/^\$\{postgresql_publication\.[^.]+\.name\}$/);
    expect(outputs.cdc_replication_slot.value).toMatch(/^\$\{postgresql_replication_slot\.[^.]+\.name\}$/);
  });

  it('outputs each role and database as references to what it creates, so consumers deploy after them', () => {
    const outputs = bootstrap.json.output!;
    for (const id of DATABASE_ROLE_IDS) {
      expect(outputs[`${id}_username`].value).toBe(roleReference(bootstrap, DATABASE_ROLES[id].username));
      expect(outputs[`${id}_database`].value).toBe(databaseReference(bootstrap, DATABASE_ROLES[id].database));
    }
    for (const [name, output] of Object.entries(outputs)) if (!name.startsWith('cross-stack-output-')) expect(output.description!.length).toBeGreaterThan(20);
  });
});

describe('postgres-bootstrap stack (prod)', () => {
  it('refuses to drop a database where the instance is protected from deletion', () => {
    expect(resourcesOf(prodBootstrap, 'postgresql_database').map((database) => database.lifecycle)).toEqual(OWNED_DATABASES.map(() => ({ prevent_destroy: true })));
  });
});

describe(`${ADMIN_ENDPOINT_ENV}`, () => {
  const previous = process.env[ADMIN_ENDPOINT_ENV];
  afterEach(() => {
    if (previous === undefined) delete process.env[ADMIN_ENDPOINT_ENV];
    else process.env[ADMIN_ENDPOINT_ENV] = previous;
  });

  it('sets the admin endpoint for one run, the port defaulting to 5432', () => {
    process.env[ADMIN_ENDPOINT_ENV] = 'db-tunnel.internal';
    expect(loadConfig({ env: 'dev' }).postgres.adminEndpoint).toEqual({ host: 'db-tunnel.internal', port: 5432 });
  });

  it('is refused, naming the variable, when it is not a host[:port]', () => {
    process.env[ADMIN_ENDPOINT_ENV] = 'http://127.0.0.1:15432';
    expect(() => loadConfig({ env: 'dev' })).toThrow(`postgres.adminEndpoint: "http://127.0.0.1:15432" is not a host or host:port; set it (or ${ADMIN_ENDPOINT_ENV})`);
  });
});
