import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { nameProblem } from '../config/naming';
import { ephemeralSecretValue } from '../providers/aws';
import { Role } from '../providers/postgresql';

/** Roles a login role may never be granted from code: they make it an administrator. */
const ADMINISTRATIVE_ROLES = ['rds_superuser', 'rds_password', 'pg_write_server_files', 'pg_execute_server_program'];

export interface PostgresLoginRoleProps {
  /** Role name, an unquoted identifier, e.g. `airflow`. */
  readonly name: string;
  /** ARN of the secret whose JSON holds the role's `password` (DatabaseRoleSecret); read ephemerally. */
  readonly secretArn: string;
  /**
   * `password_wo_version`: the version the secret's password was written at. A new number sets
   * the password again from the secret; nothing else does.
   */
  readonly passwordVersion: number;
  /** Roles granted to this one, e.g. `rds_replication`. @default none */
  readonly memberOf?: readonly string[];
  /** May create databases (CREATEDB). @default false */
  readonly createDatabases?: boolean;
}

/**
 * A PostgreSQL login role whose password comes from its Secrets Manager secret, read by an
 * ephemeral block and set through `password_wo`: the provider never stores it, and the plan
 * never shows it. Never a superuser, never REPLICATION (RDS lets only superusers grant that;
 * CDC roles get `rds_replication` through `memberOf`), never CREATEROLE.
 */
export class PostgresLoginRole extends Construct {
  /** The role's name, as a reference, so what uses it is created after it. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: PostgresLoginRoleProps) {
    super(scope, id);
    const problem = nameProblem('postgresIdentifier', props.name);
    if (problem) throw new Error(`PostgresLoginRole ${id}: name: ${problem}`);
    if (!Number.isInteger(props.passwordVersion) || props.passwordVersion < 1) {
      throw new Error(`PostgresLoginRole ${id}: passwordVersion must be a whole number from 1, got ${props.passwordVersion}`);
    }
    const administrative = (props.memberOf ?? []).filter((role) => ADMINISTRATIVE_ROLES.includes(role));
    if (administrative.length > 0) throw new Error(`PostgresLoginRole ${id}: memberOf grants ${administrative.join(', ')}, which make it an administrator; grant only what it needs`);

    const secret = ephemeralSecretValue(this, 'secret', props.secretArn).attribute('secret_string');
    const role = new Role(this, 'role', {
      name: props.name,
      login: true,
      passwordWo: Fn.lookup(Fn.jsondecode(secret), 'password'),
      passwordWoVersion: String(props.passwordVersion),
      roles: [...(props.memberOf ?? [])],
      createDatabase: props.createDatabases ?? false,
    });
    this.name = role.name;
  }
}
