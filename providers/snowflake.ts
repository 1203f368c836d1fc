/** The snowflakedb/snowflake family (provider 2.x): its classes by deep path, and the provider configured for key-pair login. */
import type { TerraformStack } from 'cdktf';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';

export { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';

/** The account and the service user Terraform logs in as. */
export interface SnowflakeLogin {
  readonly organizationName: string;
  readonly accountName: string;
  readonly user: string;
  readonly role: string;
  /** PEM private key as an ephemeral value or an environment-variable reference; never a literal. */
  readonly privateKey: string;
  /** Preview resources the stack uses; the provider refuses them unless listed. */
  readonly previewFeatures: readonly string[];
}

/** Key-pair (JWT) login only: no password exists for the platform's users. */
export function configureSnowflake(stack: TerraformStack, login: SnowflakeLogin): SnowflakeProvider {
  return new SnowflakeProvider(stack, 'snowflake', {
    organizationName: login.organizationName,
    accountName: login.accountName,
    user: login.user,
    role: login.role,
    authenticator: 'SNOWFLAKE_JWT',
    privateKey: login.privateKey,
    previewFeaturesEnabled: [...login.previewFeatures],
  });
}
