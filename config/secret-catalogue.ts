/**
 * Every secret the platform reads. Operators set the values (README: "Setting secret
 * values"); code only creates the empty, encrypted entries and grants read access.
 * Names below are relative: the secrets stack prefixes them with `<namePrefix>/<environment>/`.
 */
export const SECRET_CATALOGUE = {
  salesforce: {
    name: 'partners/salesforce',
    description: 'Salesforce connected app for Airbyte: JSON {client_id, client_secret, refresh_token}.',
  },
  facebookMarketing: {
    name: 'partners/facebook-marketing',
    description: 'Facebook Marketing API for Airbyte: JSON {access_token, account_ids}.',
  },
  amazonSellerPartner: {
    name: 'partners/amazon-seller-partner',
    description: 'Amazon Selling Partner API for Airbyte: JSON {lwa_app_id, lwa_client_secret, refresh_token}.',
  },
  snowflakeLoader: {
    name: 'snowflake/loader',
    description: 'Key pair of the LOADER service user (Airbyte destination, COPY): JSON {user, private_key, private_key_passphrase}.',
  },
  snowflakeTransformer: {
    name: 'snowflake/transformer',
    description: 'Key pair of the TRANSFORMER service user (dbt): JSON {user, private_key, private_key_passphrase}.',
  },
  snowflakeReporter: {
    name: 'snowflake/reporter',
    description: 'Key pair of the read-only REPORTER user handed to the BI tool: JSON {user, private_key}.',
  },
  airbyteInstanceAdmin: {
    name: 'airbyte/instance-admin',
    description: 'Airbyte instance admin: JSON {password, client_id, client_secret} used by the Terraform provider and the UI.',
  },
  airflowFernetKey: {
    name: 'airflow/fernet-key',
    description: 'Airflow Fernet key that encrypts connections in the metadata DB (plain text, 32 url-safe base64 bytes).',
  },
  airflowApiSecretKey: {
    name: 'airflow/api-secret-key',
    description: 'Airflow API server / webserver session signing key (plain text, random).',
  },
  slackWebhook: {
    name: 'alerts/slack-webhook',
    description: 'Slack incoming-webhook URL for pipeline and data-quality alerts (plain text).',
  },
} as const satisfies Record<string, { name: string; description: string }>;

export type SecretId = keyof typeof SECRET_CATALOGUE;
