/** The snowflakedb/snowflake family (provider 2.x): its classes by deep path, and the provider configured for key-pair login. */
import type { TerraformStack } from 'cdktf';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';

export { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
export { AccountRole } from '@cdktf/provider-snowflake/lib/account-role';
export { Database } from '@cdktf/provider-snowflake/lib/database';
export { Execute } from '@cdktf/provider-snowflake/lib/execute';
export { FileFormat, type FileFormatConfig } from '@cdktf/provider-snowflake/lib/file-format';
export { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
export { GrantOwnership } from '@cdktf/provider-snowflake/lib/grant-ownership';
export { GrantPrivilegesToAccountRole, type GrantPrivilegesToAccountRoleConfig } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
export { NetworkPolicy } from '@cdktf/provider-snowflake/lib/network-policy';
export { Pipe } from '@cdktf/provider-snowflake/lib/pipe';
export { ResourceMonitor } from '@cdktf/provider-snowflake/lib/resource-monitor';
export { Schema } from '@cdktf/provider-snowflake/lib/schema';
export { ServiceUser } from '@cdktf/provider-snowflake/lib/service-user';
export { Stage } from '@cdktf/provider-snowflake/lib/stage';
export { StorageIntegration } from '@cdktf/provider-snowflake/lib/storage-integration';
export { Table } from '@cdktf/provider-snowflake/lib/table';
export { Warehouse } from '@cdktf/provider-snowflake/lib/warehouse';

/**
 * Every resource type provider 2.11.0 ships as a preview feature (its
 * pkg/provider/previewfeatures): refused unless the provider configuration lists it in
 * `preview_features_enabled`. Data sources are left out: the platform uses none.
 */
export const SNOWFLAKE_PREVIEW_RESOURCES = [
  'snowflake_account_authentication_policy_attachment',
  'snowflake_account_password_policy_attachment',
  'snowflake_alert',
  'snowflake_api_integration',
  'snowflake_authentication_policy',
  'snowflake_cortex_search_service',
  'snowflake_current_account',
  'snowflake_current_organization_account',
  'snowflake_dynamic_table',
  'snowflake_email_notification_integration',
  'snowflake_external_function',
  'snowflake_external_table',
  'snowflake_external_volume',
  'snowflake_failover_group',
  'snowflake_file_format',
  'snowflake_function_java',
  'snowflake_function_javascript',
  'snowflake_function_python',
  'snowflake_function_scala',
  'snowflake_function_sql',
  'snowflake_job_service',
  'snowflake_managed_account',
  'snowflake_materialized_view',
  'snowflake_network_policy_attachment',
  'snowflake_network_rule',
  'snowflake_notebook',
  'snowflake_notification_integration',
  'snowflake_object_parameter',
  'snowflake_password_policy',
  'snowflake_pipe',
  'snowflake_procedure_java',
  'snowflake_procedure_javascript',
  'snowflake_procedure_python',
  'snowflake_procedure_scala',
  'snowflake_procedure_sql',
  'snowflake_semantic_view',
  'snowflake_sequence',
  'snowflake_share',
  'snowflake_stage',
  'snowflake_storage_integration',
  'snowflake_table',
  'snowflake_table_column_masking_policy_application',
  'snowflake_table_constraint',
  'snowflake_user_authentication_policy_attachment',
  'snowflake_user_password_policy_attachment',
  'snowflake_user_public_keys',
] as const;

export type SnowflakePreviewResource = (typeof SNOWFLAKE_PREVIEW_RESOURCES)[number];

/** The `preview_features_enabled` name of a preview resource type. */
export function previewFeature(resourceType: SnowflakePreviewResource): string {
  return `${resourceType}_resource`;
}

/** The account and the service user Terraform logs in as. */
export interface SnowflakeLogin {
  readonly organizationName: string;
  readonly accountName: string;
  readonly user: string;
  readonly role: string;
  /**
   * PEM private key as an ephemeral value; never a literal. Undefined leaves it to the
   * provider's SNOWFLAKE_PRIVATE_KEY environment variable.
   */
  readonly privateKey: string | undefined;
  /** Preview resources the stack uses; the provider refuses them unless listed. */
  readonly previewFeatures: readonly string[];
}

/**
 * Key-pair (JWT) login only: no password exists for the platform's users. `alias` names a
 * second configuration of the provider, e.g. the same user with another role, for the
 * resources only that role may manage.
 */
export function configureSnowflake(stack: TerraformStack, login: SnowflakeLogin, alias?: string): SnowflakeProvider {
  return new SnowflakeProvider(stack, alias ? `snowflake-${alias}` : 'snowflake', {
    ...(alias ? { alias } : {}),
    organizationName: login.organizationName,
    accountName: login.accountName,
    user: login.user,
    role: login.role,
    authenticator: 'SNOWFLAKE_JWT',
    ...(login.privateKey ? { privateKey: login.privateKey } : {}),
    previewFeaturesEnabled: [...login.previewFeatures],
  });
}
