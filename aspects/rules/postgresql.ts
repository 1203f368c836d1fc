import type { PolicyRule } from '../policy';
import { perResource } from './violation';

const ROLE = 'postgresql_role';

/**
 * A role's password is never in code, plan or state: only `password_wo`, from an ephemeral read
 * of its secret (PostgresLoginRole), never `password`, which the provider stores.
 */
export const postgresqlPasswordWriteOnly = perResource({ id: 'postgresql-password-write-only' }, ROLE, (role) => {
  if (role.attributes.password !== undefined) return '`password` is stored in Terraform state; set password_wo from an ephemeral read of the role\'s secret (PostgresLoginRole)';
  if (role.attributes.password_wo !== undefined && !String(role.attributes.password_wo).includes('ephemeral.')) {
    return 'password_wo must come from an ephemeral block (the role\'s secret), never a literal in code';
  }
  return undefined;
});

/** No role is a superuser or may create roles: the bootstrap's roles run applications, not administration. */
export const postgresqlNoAdministrativeRole = perResource({ id: 'postgresql-no-administrative-role' }, ROLE, (role) =>
  role.attributes.superuser === true || role.attributes.create_role === true ? 'role is a superuser or may create roles; application roles get only what they need' : undefined,
);

/**
 * CDC roles get `rds_replication`: on RDS only a superuser may create a role with REPLICATION,
 * which the RDS master user is not, so `replication = true` fails at deploy.
 */
export const postgresqlReplicationThroughRdsRole = perResource({ id: 'postgresql-replication-through-rds-role' }, ROLE, (role) =>
  role.attributes.replication === true ? 'replication = true needs a superuser, which RDS does not give; grant the role rds_replication (roles) instead' : undefined,
);

export const postgresqlRules: readonly PolicyRule[] = [postgresqlPasswordWriteOnly, postgresqlNoAdministrativeRole, postgresqlReplicationThroughRdsRole];
