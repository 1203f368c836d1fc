import { Fn, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { AIRBYTE_SOURCE_IDS, SOURCE_FAMILY_OF, type AirbyteSourceId, type StreamSelection } from '../config/sections/airbyte-connections';
import type { SourceFamily } from '../config/sizing/families';
import {
  amazonAdsSource,
  amazonSellerPartnerSource,
  facebookMarketingSource,
  postgresCdcSource,
  s3DocumentsSource,
  salesforceSource,
  snowflakeDestination,
  type ConnectorSpec,
} from '../constructs/airbyte-connectors';
import { AirbyteHealthGate } from '../constructs/airbyte-health-gate';
import { AirbyteSourceConnection } from '../constructs/airbyte-source-connection';
import type { EncryptedSecret } from '../constructs/encrypted-secret';
import { policyDocument } from '../constructs/policy-document';
import { SecretJson } from '../constructs/secret-json';
import type { SecureBucket } from '../constructs/secure-bucket';
import { AirbyteDestination, AirbyteWorkspace, configureAirbyte } from '../providers/airbyte';
import { ephemeralSecretValue, IamRolePolicy } from '../providers/aws';
import { configureHttp } from '../providers/http';
import type { AirbyteStack } from './airbyte';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { ChangeDataCapture, DatabaseConnection } from './postgres-bootstrap';
import type { SnowflakeServiceAccess } from './snowflake';
import type { StackDefinition } from './stack-definition';

/** Partner sources, each with its operator-set credentials secret. */
export type PartnerSourceId = Exclude<AirbyteSourceId, 'oltpCdc' | 'documents'>;

export interface AirbyteConnectionsStackProps extends PlatformStackProps {
  /** The airbyte stack: its URLs (known once its load balancer exists), namespace, server Service and pod role. */
  readonly airbyte: AirbyteStack;
  /** The secrets stack's `airbyte/instance-admin`: the provider's client credentials, read ephemerally. */
  readonly instanceAdminSecret: EncryptedSecret;
  /** The secrets stack's partner credentials, one per partner source. */
  readonly partnerSecrets: Readonly<Record<PartnerSourceId, EncryptedSecret>>;
  /** The OLTP database: the instance's endpoint, the bootstrap's CDC reader, publication and slot. */
  readonly oltp: { readonly host: string; readonly port: number; readonly reader: DatabaseConnection; readonly changeDataCapture: ChangeDataCapture };
  /** The snowflake stack: account, RAW database and schemas, and the loader (Airbyte) service user. */
  readonly snowflake: {
    readonly accountIdentifier: string;
    readonly rawDatabaseName: string;
    readonly rawSchemaNames: Readonly<Record<SourceFamily, string>>;
    readonly loader: SnowflakeServiceAccess;
  };
  /** The storage stack's landing bucket, whose documents folder the documents source reads. */
  readonly landingBucket: SecureBucket;
}

/** The one stream of the documents source. */
const DOCUMENTS_STREAM = 'documents';

/** Table prefixes of the sources that share the partners' schema. */
const PARTNER_TABLE_PREFIX: Readonly<Record<PartnerSourceId, string>> = {
  salesforce: 'salesforce_',
  facebookMarketing: 'facebook_marketing_',
  amazonAds: 'amazon_ads_',
  amazonSellerPartner: 'amazon_seller_partner_',
};

/** Connection (and source) names: what the Airflow DAG calls each sync. */
const CONNECTION_NAMES: Readonly<Record<AirbyteSourceId, string>> = {
  oltpCdc: 'oltp_cdc',
  documents: 'documents',
  salesforce: 'salesforce',
  facebookMarketing: 'facebook_marketing',
  amazonAds: 'amazon_ads',
  amazonSellerPartner: 'amazon_seller_partner',
};

/** The properties each partner secret holds (config/secret-catalogue.ts). */
const PARTNER_SECRET_PROPERTIES: Readonly<Record<PartnerSourceId, readonly string[]>> = {
  salesforce: ['client_id', 'client_secret', 'refresh_token'],
  facebookMarketing: ['access_token', 'account_ids'],
  amazonAds: ['client_id', 'client_secret', 'refresh_token'],
  amazonSellerPartner: ['lwa_app_id', 'lwa_client_secret', 'refresh_token'],
};

/**
 * What Airbyte syncs, configured through its API once the server is healthy (airbyte provider,
 * aws, http): the health gate, one workspace, the Snowflake destination (RAW, LOADER, the
 * key-pair user), and per enabled source its connection into the RAW schema of its family on
 * the configured schedule. Deployed after `airbyte`, so the provider is configured from that
 * stack's outputs and an ephemeral read of the admin's credentials, all known at plan time.
 */
export class AirbyteConnectionsStack extends PlatformStack {
  /** Connection id by name, what the Airflow DAG syncs (Variable `platform_airbyte_connections`). */
  readonly connectionIds: Readonly<Record<string, string>>;

  constructor(
    scope: Construct,
    definition: StackDefinition,
    private readonly props: AirbyteConnectionsStackProps,
  ) {
    super(scope, definition, props);
    const { config, airbyte, snowflake } = props;
    const settings = config.airbyteConnections;

    configureHttp(this);
    const admin = Fn.jsondecode(ephemeralSecretValue(this, 'instance-admin', props.instanceAdminSecret.secretArn).attribute('secret_string'));
    configureAirbyte(this, {
      serverUrl: airbyte.apiUrl,
      tokenUrl: `${airbyte.apiUrl}/applications/token`,
      clientId: Fn.lookup(admin, 'instance-admin-client-id'),
      clientSecret: Fn.lookup(admin, 'instance-admin-client-secret'),
    });

    const gate = new AirbyteHealthGate(this, 'health-gate', {
      serverUrl: airbyte.serverUrl,
      namespace: airbyte.namespaceName,
      serverServiceName: airbyte.serverServiceName,
      ...settings.healthGate,
    });
    const workspace = new AirbyteWorkspace(this, 'workspace', { name: settings.workspaceName, dependsOn: [gate] });

    const loaderKey = new SecretJson(this, 'snowflake-loader-key', {
      secretArn: snowflake.loader.keySecret.secretArn,
      secretName: snowflake.loader.keySecret.secretName,
      properties: ['private_key', 'private_key_passphrase'],
      readmeSection: 'README: "Service users and their key pairs"',
      neededBy: "Airbyte's Snowflake destination",
    });
    const snowflakeRaw = snowflakeDestination({
      accountIdentifier: snowflake.accountIdentifier,
      database: snowflake.rawDatabaseName,
      schema: snowflake.rawSchemaNames[settings.destination.internalTableFamily],
      internalSchema: snowflake.rawSchemaNames[settings.destination.internalTableFamily],
      role: snowflake.loader.roleName,
      warehouse: snowflake.loader.warehouseName,
      username: snowflake.loader.userName,
      privateKey: loaderKey.property('private_key'),
      privateKeyPassphrase: loaderKey.property('private_key_passphrase'),
    });
    const destination = new AirbyteDestination(this, 'snowflake', {
      name: 'snowflake_raw',
      workspaceId: workspace.workspaceId,
      definitionId: snowflakeRaw.definitionId,
      configuration: Fn.jsonencode(snowflakeRaw.configuration),
    });

    const schedule =
      settings.schedule.mode === 'cron' ? ({ scheduleType: 'cron', cronExpression: settings.schedule.cronExpression } as const) : ({ scheduleType: 'manual' } as const);
    const connections = AIRBYTE_SOURCE_IDS.filter((id) => settings.sources[id].enabled).map((id) => {
      const name = CONNECTION_NAMES[id];
      return new AirbyteSourceConnection(this, name, {
        name,
        workspaceId: workspace.workspaceId,
        destinationId: destination.destinationId,
        connector: this.connectorOf(id),
        namespace: snowflake.rawSchemaNames[SOURCE_FAMILY_OF[id]],
        ...(id in PARTNER_TABLE_PREFIX ? { tablePrefix: PARTNER_TABLE_PREFIX[id as PartnerSourceId] } : {}),
        streams: this.streamsOf(id),
        schedule,
      });
    });
    this.connectionIds = Object.fromEntries(connections.map((connection) => [connection.node.id, connection.connectionId]));

    new TerraformOutput(this, 'connection_ids', { value: this.connectionIds, description: 'Airbyte connection id by name (Airflow Variable platform_airbyte_connections)' });
    new TerraformOutput(this, 'workspace_id', { value: workspace.workspaceId, description: 'The workspace every source, destination and connection lives in' });
    new TerraformOutput(this, 'destination_id', { value: destination.destinationId, description: 'The Snowflake destination (RAW, LOADER)' });
    new TerraformOutput(this, 'api_url', { value: airbyte.internalApiUrl, description: "Airbyte's public API inside the cluster: the host of Airflow's platform_airbyte connection" });
    new TerraformOutput(this, 'token_url', {
      value: 'v1/applications/token',
      description: "Token path of Airflow's platform_airbyte connection (its schema field), resolved against api_url",
    });
  }

  /** The documents source is one stream (keyed by the document's path); every other source's streams are configured. */
  private streamsOf(id: AirbyteSourceId): readonly StreamSelection[] {
    if (id === 'documents') return [{ name: DOCUMENTS_STREAM, syncMode: 'incremental_deduped_history' }];
    return this.props.config.airbyteConnections.sources[id].streams;
  }

  /** The connector of one source, its credentials read from their secrets. */
  private connectorOf(id: AirbyteSourceId): ConnectorSpec {
    const { config, oltp, landingBucket, airbyte } = this.props;
    const sources = config.airbyteConnections.sources;
    switch (id) {
      case 'oltpCdc': {
        const reader = new SecretJson(this, 'oltp-cdc-credentials', {
          secretArn: oltp.reader.secretArn,
          secretName: oltp.reader.secretName,
          properties: ['password'],
          neededBy: 'the OLTP CDC source',
          generatedBy: 'postgres',
        });
        return postgresCdcSource({
          host: oltp.host,
          port: oltp.port,
          database: oltp.reader.database,
          username: oltp.reader.username,
          password: reader.property('password'),
          schemas: sources.oltpCdc.schemas,
          publication: oltp.changeDataCapture.publication,
          replicationSlot: oltp.changeDataCapture.replicationSlot,
        });
      }
      case 'documents': {
        const { folder } = sources.documents;
        // The job pods read the landed documents through their IRSA role; only while this source exists.
        new IamRolePolicy(this, 'pods-read-documents', {
          role: airbyte.podRoleName,
          name: 'read-landed-documents',
          policy: policyDocument(this, 'documents-read-policy', landingBucket.grantRead(folder)),
        });
        return s3DocumentsSource({ bucket: landingBucket.bucketName, region: config.region, folder, streamName: DOCUMENTS_STREAM, parsingStrategy: sources.documents.parsingStrategy });
      }
      default:
        return this.partnerConnector(id);
    }
  }

  private partnerConnector(id: PartnerSourceId): ConnectorSpec {
    const { config, partnerSecrets } = this.props;
    const sources = config.airbyteConnections.sources;
    const secret = partnerSecrets[id];
    const credentials = new SecretJson(this, `${CONNECTION_NAMES[id]}-credentials`, {
      secretArn: secret.secretArn,
      secretName: secret.secretName,
      properties: PARTNER_SECRET_PROPERTIES[id],
      neededBy: `the ${id} source`,
      alternative: `set airbyteConnections.sources.${id}.enabled to false`,
    });
    const value = (property: string) => credentials.property(property);
    switch (id) {
      case 'salesforce':
        return salesforceSource({
          clientId: value('client_id'),
          clientSecret: value('client_secret'),
          refreshToken: value('refresh_token'),
          isSandbox: sources.salesforce.isSandbox,
          startDate: sources.salesforce.startDate,
        });
      case 'facebookMarketing':
        return facebookMarketingSource({ accessToken: value('access_token'), accountIds: value('account_ids'), startDate: sources.facebookMarketing.startDate });
      case 'amazonAds':
        return amazonAdsSource({
          clientId: value('client_id'),
          clientSecret: value('client_secret'),
          refreshToken: value('refresh_token'),
          region: sources.amazonAds.region,
          profiles: sources.amazonAds.profiles,
          startDate: sources.amazonAds.startDate,
        });
      case 'amazonSellerPartner':
        return amazonSellerPartnerSource({
          lwaAppId: value('lwa_app_id'),
          lwaClientSecret: value('lwa_client_secret'),
          refreshToken: value('refresh_token'),
          region: sources.amazonSellerPartner.region,
          accountType: sources.amazonSellerPartner.accountType,
          startDate: sources.amazonSellerPartner.startDate,
        });
    }
  }
}
