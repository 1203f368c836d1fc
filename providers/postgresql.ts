/** The cyrilgdn/postgresql family: its classes by deep path, and the provider configured for an RDS instance. */
import type { TerraformStack } from 'cdktf';
import { PostgresqlProvider } from '@cdktf/provider-postgresql/lib/provider';

export { Database } from '@cdktf/provider-postgresql/lib/database';
export { DefaultPrivileges } from '@cdktf/provider-postgresql/lib/default-privileges';
export { Grant } from '@cdktf/provider-postgresql/lib/grant';
export { GrantRole } from '@cdktf/provider-postgresql/lib/grant-role';
export { PostgresqlProvider } from '@cdktf/provider-postgresql/lib/provider';
export { Publication } from '@cdktf/provider-postgresql/lib/publication';
export { ReplicationSlot } from '@cdktf/provider-postgresql/lib/replication-slot';
export { Role } from '@cdktf/provider-postgresql/lib/role';

/** Where and as whom the provider logs in. */
export interface PostgresLogin {
  readonly host: string;
  readonly port: number;
  /** Database the provider connects to first, e.g. `postgres`. */
  readonly database: string;
  readonly username: string;
  /** An ephemeral value (see providers/aws.ts `ephemeralSecretValue`), so the password never reaches state. */
  readonly password: string;
  /** `require` or stricter: the instance refuses plain connections (`rds.force_ssl`). */
  readonly sslmode: 'require' | 'verify-ca' | 'verify-full';
  /** Seconds before an unreachable host fails the run. @default 15 */
  readonly connectTimeoutSeconds?: number;
}

export function configurePostgresql(stack: TerraformStack, login: PostgresLogin): PostgresqlProvider {
  return new PostgresqlProvider(stack, 'postgresql', {
    host: login.host,
    port: login.port,
    database: login.database,
    username: login.username,
    password: login.password,
    sslmode: login.sslmode,
    // The RDS master user is not a superuser (rds_superuser only).
    superuser: false,
    connectTimeout: login.connectTimeoutSeconds ?? 15,
  });
}
