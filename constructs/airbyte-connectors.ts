/**
 * The Airbyte connectors the platform configures: each one's definition id in Airbyte's registry
 * and its configuration document, built from typed arguments. The ids are each connector's
 * `definitionId` in `airbyte-integrations/connectors/<connector>/metadata.yaml` of
 * airbytehq/airbyte (read at the commits named), the same ids the provider's typed resources
 * defaulted to up to 1.0.2. The JSON keys follow the connectors' specs as the provider's
 * generated models (1.0.2) carry them (`../shared/reference/airbyte-provider-schema.md`, section 4).
 */

/** A connector to create: which one, and its configuration (values may be references). */
export interface ConnectorSpec {
  readonly definitionId: string;
  readonly configuration: Readonly<Record<string, unknown>>;
}

export const CONNECTOR_DEFINITION_IDS = {
  /** source-postgres, metadata.yaml at 012ce10ebbcd6a1996ff90f80be7cd54668d4243 (OSS registry 3.7.0). */
  sourcePostgres: 'decd338e-5647-4c0b-adf4-da0e75f5a750',
  /** source-s3, metadata.yaml at 01fef842ca06ea802582592c2b9c5e6ca1d9cfde (4.4.0). */
  sourceS3: '69589781-7828-43c5-9f63-8925b1c1ccc2',
  /** source-salesforce, metadata.yaml at 045b9ab0c5b4f417015bd510104b37b4e34643d3 (2.7.15). */
  sourceSalesforce: 'b117307c-14b6-41aa-9422-947e34922962',
  /** source-facebook-marketing, metadata.yaml at 00159e84fb3fc92caa390731e90dc07851e48737 (3.4.7). */
  sourceFacebookMarketing: 'e7778cfc-e97c-4458-9ecb-b4f2bba8946c',
  /** source-amazon-ads, metadata.yaml at 00514d01ff2092bc48a11b54163f1f56fdb8341f (9.1.1). */
  sourceAmazonAds: 'c6b0a29e-1da9-4512-9002-7bfd0cba2246',
  /** source-amazon-seller-partner, metadata.yaml at 00194e56e73f73e5daa8f54ae9c8cfd1e7e6be00 (4.5.1-rc.1). */
  sourceAmazonSellerPartner: 'e55879a8-0ef8-4557-abcf-ab34c53ec460',
  /** destination-snowflake, metadata.yaml at 012965b1df764815d210f7600f0d99215461c29b (4.0.33). */
  destinationSnowflake: '424892c4-daac-4491-b35d-c6688ba547ba',
} as const;

/** `YYYY-MM-DD` as the start-of-day timestamp the connectors that want one take. */
const startOfDay = (date: string) => `${date}T00:00:00Z`;
const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });

export interface PostgresCdcProps {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** A role with REPLICATION (rds_replication) and SELECT on the tables. */
  readonly username: string;
  readonly password: string;
  readonly schemas: readonly string[];
  readonly publication: string;
  readonly replicationSlot: string;
}

/** Postgres read by logical replication (pgoutput), over TLS; changes are acknowledged only after the destination has them. */
export function postgresCdcSource(props: PostgresCdcProps): ConnectorSpec {
  return {
    definitionId: CONNECTOR_DEFINITION_IDS.sourcePostgres,
    configuration: {
      host: props.host,
      port: props.port,
      database: props.database,
      username: props.username,
      password: props.password,
      schemas: [...props.schemas],
      ssl_mode: { mode: 'require' },
      tunnel_method: { tunnel_method: 'NO_TUNNEL' },
      replication_method: {
        method: 'CDC',
        plugin: 'pgoutput',
        publication: props.publication,
        replication_slot: props.replicationSlot,
        lsn_commit_behaviour: 'After loading Data in the destination',
      },
    },
  };
}

export interface S3DocumentsProps {
  readonly bucket: string;
  readonly region: string;
  /** Folder of the bucket, ending with `/`. */
  readonly folder: string;
  /** The stream the documents form. */
  readonly streamName: string;
  /** The parser's strategy (`auto`, `fast`, `hi_res`, `ocr_only`). */
  readonly parsingStrategy: string;
}

/**
 * Files of one folder of a bucket, parsed to text by the connector's document parser: PDF, DOCX,
 * PPTX, Markdown and text become one record each (document key, text, metadata); a file it cannot
 * parse (an image, an `.eml` export) is still listed, with its parse error, instead of failing
 * the sync. No keys: the job pod's IRSA role reads the folder.
 */
export function s3DocumentsSource(props: S3DocumentsProps): ConnectorSpec {
  return {
    definitionId: CONNECTOR_DEFINITION_IDS.sourceS3,
    configuration: {
      bucket: props.bucket,
      region_name: props.region,
      streams: [
        {
          name: props.streamName,
          globs: [`${props.folder}**`],
          format: { filetype: 'unstructured', strategy: props.parsingStrategy, skip_unprocessable_files: true, processing: { mode: 'local' } },
        },
      ],
    },
  };
}

export interface SalesforceProps {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly isSandbox: boolean;
  readonly startDate?: string;
}

export function salesforceSource(props: SalesforceProps): ConnectorSpec {
  return {
    definitionId: CONNECTOR_DEFINITION_IDS.sourceSalesforce,
    configuration: {
      auth_type: 'Client',
      client_id: props.clientId,
      client_secret: props.clientSecret,
      refresh_token: props.refreshToken,
      is_sandbox: props.isSandbox,
      ...optional('start_date', props.startDate),
    },
  };
}

export interface FacebookMarketingProps {
  /** A system user's access token. */
  readonly accessToken: string;
  /** Ad account ids (a list, as the secret holds it). */
  readonly accountIds: string;
  readonly startDate?: string;
}

export function facebookMarketingSource(props: FacebookMarketingProps): ConnectorSpec {
  return {
    definitionId: CONNECTOR_DEFINITION_IDS.sourceFacebookMarketing,
    configuration: {
      account_ids: props.accountIds,
      credentials: { auth_type: 'Service', access_token: props.accessToken },
      ...optional('start_date', props.startDate && startOfDay(props.startDate)),
    },
  };
}

export interface AmazonAdsProps {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly region: string;
  readonly profiles?: readonly number[];
  readonly startDate?: string;
}

export function amazonAdsSource(props: AmazonAdsProps): ConnectorSpec {
  return {
    definitionId: CONNECTOR_DEFINITION_IDS.sourceAmazonAds,
    configuration: {
      auth_type: 'oauth2.0',
      client_id: props.clientId,
      client_secret: props.clientSecret,
      refresh_token: props.refreshToken,
      region: props.region,
      ...optional('profiles', props.profiles && [...props.profiles]),
      ...optional('start_date', props.startDate),
    },
  };
}

export interface AmazonSellerPartnerProps {
  readonly lwaAppId: string;
  readonly lwaClientSecret: string;
  readonly refreshToken: string;
  readonly region: string;
  readonly accountType: string;
  readonly startDate?: string;
}

export function amazonSellerPartnerSource(props: AmazonSellerPartnerProps): ConnectorSpec {
  return {
    definitionId: CONNECTOR_DEFINITION_IDS.sourceAmazonSellerPartner,
    configuration: {
      auth_type: 'oauth2.0',
      lwa_app_id: props.lwaAppId,
      lwa_client_secret: props.lwaClientSecret,
      refresh_token: props.refreshToken,
      aws_environment: 'PRODUCTION',
      region: props.region,
      account_type: props.accountType,
      ...optional('replication_start_date', props.startDate && startOfDay(props.startDate)),
    },
  };
}

export interface SnowflakeDestinationProps {
  /** `<organization>-<account>` (Snowflake's account identifier). */
  readonly accountIdentifier: string;
  readonly database: string;
  /** Default schema, for a connection that names none. */
  readonly schema: string;
  /** Where Airbyte keeps its internal tables: a schema the role can create tables in. */
  readonly internalSchema: string;
  readonly role: string;
  readonly warehouse: string;
  readonly username: string;
  /** Encrypted PKCS#8 PEM of the user's key pair, and its passphrase. */
  readonly privateKey: string;
  readonly privateKeyPassphrase: string;
}

/** Snowflake by key pair (the service user has no password). */
export function snowflakeDestination(props: SnowflakeDestinationProps): ConnectorSpec {
  return {
    definitionId: CONNECTOR_DEFINITION_IDS.destinationSnowflake,
    configuration: {
      // Host names take the account identifier with hyphens for underscores, lower-cased.
      host: `${props.accountIdentifier.replace(/_/g, '-').toLowerCase()}.snowflakecomputing.com`,
      role: props.role,
      warehouse: props.warehouse,
      database: props.database,
      schema: props.schema,
      username: props.username,
      credentials: { auth_type: 'Key Pair Authentication', private_key: props.privateKey, private_key_password: props.privateKeyPassphrase },
      raw_data_schema: props.internalSchema,
    },
  };
}
