/**
 * Every secret the platform reads from Secrets Manager. Names are relative: the secrets
 * stack prefixes them with `<namePrefix>/<environment>/`.
 *
 * Two kinds, because AWS can rotate neither (no rotation function exists for these formats):
 * - `operator`: credentials issued by someone else (partners, Snowflake key pairs, Slack).
 *   Code creates the empty, encrypted entry; an operator sets the value and rotates it at
 *   the source as `rotation` says.
 * - `platform`: values the platform can make itself. The secrets stack generates them with an
 *   ephemeral random password written through `secret_string_wo`, so no value reaches plan or
 *   state; raising `secrets.generatedVersions.<id>` and deploying rotates one.
 */
/** How the data-platform team rotates a Snowflake service user's key pair without downtime. */
const SNOWFLAKE_KEY_PAIR_ROTATION: RotationProcedure = {
  owner: 'the data-platform team',
  everyDays: 90,
  procedure:
    "create a new RSA key pair, register the public key in the user's second key slot (README: Snowflake key rotation) and deploy snowflake, put-secret-value the new private key, then clear the old slot",
};

export const SECRET_CATALOGUE = {
  salesforce: {
    name: 'partners/salesforce',
    description: 'Salesforce connected app for Airbyte: JSON {client_id, client_secret, refresh_token}.',
    value: {
      setBy: 'operator',
      rotation: {
        owner: 'the data-platform team, with the Salesforce admin',
        everyDays: 90,
        procedure:
          'issue a new consumer secret and refresh token for the connected app in Salesforce, put-secret-value the new JSON, run the Airbyte connection check, then revoke the old ones',
      },
    },
  },
  facebookMarketing: {
    name: 'partners/facebook-marketing',
    description: 'Facebook Marketing API for Airbyte: JSON {access_token, account_ids}.',
    value: {
      setBy: 'operator',
      rotation: {
        owner: 'the data-platform team, with the Meta Business Manager admin',
        everyDays: 90,
        procedure: 'generate a new system-user access token in Business Manager, put-secret-value the new JSON, run the Airbyte connection check, then revoke the old token',
      },
    },
  },
  amazonSellerPartner: {
    name: 'partners/amazon-seller-partner',
    description: 'Amazon Selling Partner API for Airbyte: JSON {lwa_app_id, lwa_client_secret, refresh_token}.',
    value: {
      setBy: 'operator',
      rotation: {
        owner: 'the data-platform team, with the Seller Central developer',
        everyDays: 90,
        procedure: 'rotate the LWA client secret in the Seller Central developer console, put-secret-value the new JSON, run the Airbyte connection check, then retire the old secret',
      },
    },
  },
  amazonAds: {
    name: 'partners/amazon-ads',
    description: 'Amazon Ads API (Login with Amazon app) for Airbyte: JSON {client_id, client_secret, refresh_token}.',
    value: {
      setBy: 'operator',
      rotation: {
        owner: 'the data-platform team, with the Amazon Ads account admin',
        everyDays: 90,
        procedure:
          'rotate the client secret of the Login with Amazon security profile in the Amazon developer console, authorize it again for a new refresh token, put-secret-value the new JSON, run the Airbyte connection check, then retire the old secret',
      },
    },
  },
  snowflakeLoader: {
    name: 'snowflake/loader',
    description: 'Key pair of the LOADER service user (Airbyte destination, COPY): JSON {user, private_key, private_key_passphrase}.',
    value: {
      setBy: 'operator',
      rotation: SNOWFLAKE_KEY_PAIR_ROTATION,
    },
  },
  snowflakeTransformer: {
    name: 'snowflake/transformer',
    description: 'Key pair of the TRANSFORMER service user (dbt): JSON {user, private_key, private_key_passphrase}.',
    value: {
      setBy: 'operator',
      rotation: SNOWFLAKE_KEY_PAIR_ROTATION,
    },
  },
  snowflakeReporter: {
    name: 'snowflake/reporter',
    description: 'Key pair of the read-only REPORTER user handed to the BI tool: JSON {user, private_key}.',
    value: {
      setBy: 'operator',
      rotation: {
        owner: 'the data-platform team, with the BI administrator',
        everyDays: 90,
        procedure:
          "create a new RSA key pair, register the public key in the user's second key slot (README: Snowflake key rotation) and deploy snowflake, give the new private key to the BI tool and put-secret-value it, then clear the old slot",
      },
    },
  },
  snowflakeTerraform: {
    name: 'snowflake/terraform',
    description:
      'Private key of the TERRAFORM service user the snowflake stack logs in as (README: Snowflake bootstrap): the unencrypted PKCS#8 PEM as plain text (this secret is its protection).',
    value: {
      setBy: 'operator',
      rotation: {
        owner: 'the data-platform team, with a Snowflake account administrator',
        everyDays: 90,
        procedure:
          "create a new RSA key pair, set it as the TERRAFORM user's RSA_PUBLIC_KEY_2 in Snowflake (the bootstrap user is not managed by Terraform), put-secret-value the new private key, run a snowflake plan, then unset the old key slot",
      },
    },
  },
  slackWebhook: {
    // Stored as the Airflow connection the DAG alerts through, under the secrets backend's connections prefix.
    name: 'airflow/connections/platform_slack_alerts',
    description:
      'Slack incoming webhook for pipeline and data-quality alerts, as the Airflow connection platform_slack_alerts: JSON {"conn_type": "slackwebhook", "password": "<the full https://hooks.slack.com/services/... URL>"}.',
    value: {
      setBy: 'operator',
      rotation: {
        owner: 'the data-platform team',
        everyDays: 90,
        procedure:
          'create a new incoming webhook for the alert channel in the Slack app, put-secret-value the connection JSON with the new URL, send a test alert, then remove the old webhook',
      },
    },
  },
  airbyteInstanceAdmin: {
    name: 'airbyte/instance-admin',
    description:
      'Airbyte instance admin, generated by the platform: JSON with the keys of the chart\'s auth Secret (instance-admin-password, instance-admin-client-id, instance-admin-client-secret, jwt-signature-secret).',
    value: { setBy: 'platform', format: 'airbyte-instance-admin' },
  },
  airflowFernetKey: {
    name: 'airflow/fernet-key',
    description: 'Airflow Fernet key, generated by the platform: 32 bytes, url-safe base64 (plain text).',
    value: { setBy: 'platform', format: 'fernet-key' },
  },
  airflowApiSecretKey: {
    name: 'airflow/api-secret-key',
    description: 'Airflow API server session signing key, generated by the platform (plain text, 48 letters and digits).',
    value: { setBy: 'platform', format: 'password' },
  },
  airflowJwtSecret: {
    name: 'airflow/jwt-secret',
    description: 'Key every Airflow component signs and checks task and API tokens with (api_auth jwt_secret), generated by the platform (plain text, 48 letters and digits).',
    value: { setBy: 'platform', format: 'password' },
  },
  airflowAdminPassword: {
    name: 'airflow/admin-password',
    description: "Password of the Airflow UI's first admin (airflow.admin.username), generated by the platform (plain text, 48 letters and digits).",
    value: { setBy: 'platform', format: 'password' },
  },
} as const satisfies Record<string, SecretEntry>;

/** How an operator keeps a secret fresh; it becomes the secret's rotation waiver. */
export interface RotationProcedure {
  readonly owner: string;
  readonly everyDays: number;
  readonly procedure: string;
}

/** The shapes a generated value takes (constructs/generated-secret.ts). */
export type GeneratedFormat = 'password' | 'fernet-key' | 'airbyte-instance-admin';

export interface SecretEntry {
  readonly name: string;
  /** What the value is and who sets it; shown in the console to the operator who fills it in. */
  readonly description: string;
  readonly value: { readonly setBy: 'operator'; readonly rotation: RotationProcedure } | { readonly setBy: 'platform'; readonly format: GeneratedFormat };
}

export type SecretId = keyof typeof SECRET_CATALOGUE;

/** Secrets the platform generates, each with a version in `secrets.generatedVersions`. */
export type GeneratedSecretId = { [K in SecretId]: (typeof SECRET_CATALOGUE)[K]['value'] extends { setBy: 'platform' } ? K : never }[SecretId];

export const GENERATED_SECRET_IDS = (Object.keys(SECRET_CATALOGUE) as SecretId[]).filter(
  (id): id is GeneratedSecretId => SECRET_CATALOGUE[id].value.setBy === 'platform',
);
