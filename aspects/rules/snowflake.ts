import { ADMINISTRATIVE_ROLES, MAX_AUTO_SUSPEND_SECONDS } from '../../config/sections/snowflake';
import { refersTo, type PolicyRule, type SynthesizedResource } from '../policy';
import { perResource, violation } from './violation';

/** A role name as written in a grant: bare or quoted. */
const roleName = (value: unknown) =>
  String(value ?? '')
    .replace(/"/g, '')
    .toUpperCase();

/** Resources that grant something to a role, and the attribute naming that role. */
const GRANTEE_ATTRIBUTES = [
  { type: 'snowflake_grant_privileges_to_account_role', attribute: 'account_role_name' },
  { type: 'snowflake_grant_account_role', attribute: 'parent_role_name' },
  { type: 'snowflake_grant_ownership', attribute: 'account_role_name' },
] as const;

/** Nothing is granted to PUBLIC: every role and user of the account holds it. */
export const snowflakeNoPublicGrants: PolicyRule = {
  id: 'snowflake-no-public-grant',
  check: (resources) =>
    GRANTEE_ATTRIBUTES.flatMap(({ type, attribute }) =>
      resources
        .ofType(type)
        .filter((grant) => roleName(grant.attributes[attribute]) === 'PUBLIC')
        .map((grant) => violation(snowflakeNoPublicGrants, grant, 'grants to PUBLIC, which every role and user of the account holds; grant to the service role that needs it'))
    ),
};

/** No platform role or user is given an administrative role (the deployer's own roles come from the bootstrap, not from code). */
export const snowflakeNoAdministrativeRoleGrant = perResource({ id: 'snowflake-no-admin-role-grant' }, 'snowflake_grant_account_role', (grant) =>
  (ADMINISTRATIVE_ROLES as readonly string[]).includes(roleName(grant.attributes.role_name))
    ? `grants ${roleName(grant.attributes.role_name)}, which administers the account; give the role only the privileges it needs (AccessRole)`
    : undefined
);

/** Users are programs with key pairs: the user types that carry a password are refused. */
export const snowflakeKeyPairUsersOnly: PolicyRule = {
  id: 'snowflake-user-no-password',
  check: (resources) =>
    ['snowflake_user', 'snowflake_legacy_service_user'].flatMap((type) =>
      resources
        .ofType(type)
        .map((user) =>
          violation(snowflakeKeyPairUsersOnly, user, `${type} can log in with a password; use KeyPairServiceUser (snowflake_service_user, TYPE = SERVICE, which has none)`)
        )
    ),
};

/** Warehouses stop billing soon after their last statement. */
export const snowflakeWarehouseAutoSuspend = perResource({ id: 'snowflake-warehouse-auto-suspend' }, 'snowflake_warehouse', (warehouse) => {
  const seconds = warehouse.attributes.auto_suspend;
  return typeof seconds === 'number' && seconds > 0 && seconds <= MAX_AUTO_SUSPEND_SECONDS
    ? undefined
    : `auto_suspend is ${seconds === undefined ? 'not set' : seconds}; an idle warehouse must suspend within ${MAX_AUTO_SUSPEND_SECONDS} s (MonitoredWarehouse)`;
});

/** Every warehouse is watched by a credit monitor that suspends it at its quota. */
export const snowflakeWarehouseMonitored = perResource({ id: 'snowflake-warehouse-monitored' }, 'snowflake_warehouse', (warehouse, resources) => {
  const monitor = resources.ofType('snowflake_resource_monitor').find((candidate) => refersTo(warehouse.attributes.resource_monitor, candidate));
  if (!monitor) return 'has no resource monitor of this stack; nothing caps its credits (MonitoredWarehouse)';
  return suspends(monitor) ? undefined : `its resource monitor ${monitor.address} has no credit quota with a suspend trigger, so it only watches`;
});

function suspends(monitor: SynthesizedResource): boolean {
  const { credit_quota: quota, suspend_trigger: suspend, suspend_immediate_trigger: immediate } = monitor.attributes;
  return typeof quota === 'number' && quota > 0 && (typeof suspend === 'number' || typeof immediate === 'number');
}

export const snowflakeRules: readonly PolicyRule[] = [
  snowflakeNoPublicGrants,
  snowflakeNoAdministrativeRoleGrant,
  snowflakeKeyPairUsersOnly,
  snowflakeWarehouseAutoSuspend,
  snowflakeWarehouseMonitored,
];
