import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { MEDALLION_LAYERS, SERVICE_ROLES, type MedallionLayer, type ServiceRole } from '../config/sections/snowflake';
import type { PlatformSizing } from '../config/sizing';
import type { SourceFamily } from '../config/sizing/families';
import { AccessRole } from '../constructs/access-role';
import { BulkFileLoading } from '../constructs/bulk-file-loading';
import { CreditMonitor } from '../constructs/credit-monitor';
import type { EncryptedSecret } from '../constructs/encrypted-secret';
import { KeyPairServiceUser } from '../constructs/key-pair-service-user';
import { MonitoredWarehouse, type MonitoredWarehouseProps } from '../constructs/monitored-warehouse';
import { PlatformDatabase } from '../constructs/platform-database';
import type { PlatformKey } from '../constructs/platform-key';
import type { SecureBucket } from '../constructs/secure-bucket';
import { ephemeralSecretValue } from '../providers/aws';
import { configureSnowflake, GrantAccountRole, previewFeature } from '../providers/snowflake';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { StackDefinition } from './stack-definition';

export interface SnowflakeStackProps extends PlatformStackProps {
  /** The capacity plan's slice: loading and transforming warehouses and their monthly credits. */
  readonly sizing: PlatformSizing['snowflake'];
  /** Public addresses of the platform's NAT gateways (network stack): where Airbyte and dbt connect from. */
  readonly natPublicIps: readonly string[];
  /** The landing bucket (storage stack), read by the storage integration. */
  readonly landingBucket: SecureBucket;
  /** The key of the landing bucket (storage stack). */
  readonly platformKey: PlatformKey;
  /** The Terraform user's private key (secrets stack), read ephemerally when `terraformLogin.privateKeyFrom` is `secretsManager`. */
  readonly terraformKey: EncryptedSecret;
  /** Each service user's key pair (secrets stack), for the stacks that connect as it. */
  readonly serviceUserKeys: Readonly<Record<ServiceRole, EncryptedSecret>>;
}

/** How a client connects as one of the platform's service users. */
export interface SnowflakeServiceAccess {
  readonly userName: string;
  readonly roleName: string;
  readonly warehouseName: string;
  /** Secrets Manager entry with the user's private key (an operator sets it). */
  readonly keySecret: EncryptedSecret;
}

/** Preview resources of provider 2.11 this stack manages. */
const PREVIEW_RESOURCES = ['snowflake_storage_integration', 'snowflake_stage', 'snowflake_file_format', 'snowflake_pipe', 'snowflake_table'] as const;

/**
 * Snowflake as the platform's warehouse: RAW and ANALYTICS databases, warehouses sized by
 * the capacity plan and capped by credit monitors, least-privilege roles under the owner
 * role, key-pair service users behind network policies, and Snowpipe loading of bulk files
 * from the landing bucket (with the IAM role and bucket notification that takes).
 */
export class SnowflakeStack extends PlatformStack {
  /** `<organization>-<account>`, as clients (dbt, Airbyte, Sigma) name the account. */
  readonly accountIdentifier: string;
  readonly rawDatabaseName: string;
  /** The RAW schema of each source family: Airbyte's namespace per connection. */
  readonly rawSchemaNames: Readonly<Record<SourceFamily, string>>;
  readonly analyticsDatabaseName: string;
  readonly layerSchemaNames: Readonly<Record<MedallionLayer, string>>;
  /** Airbyte (LOADER on LOADING), dbt (TRANSFORMER on TRANSFORMING), BI (REPORTER on REPORTING). */
  readonly serviceAccess: Readonly<Record<ServiceRole, SnowflakeServiceAccess>>;
  /** The environment dbt runs with on the platform (dbt/profiles.yml reads each variable), private key aside. */
  readonly dbtEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, definition: StackDefinition, props: SnowflakeStackProps) {
    super(scope, definition, props);
    const { snowflake } = props.config;
    const { roles } = snowflake;

    // One user, three roles: each resource is managed by the least role Snowflake allows for it.
    const login = {
      organizationName: snowflake.organizationName,
      accountName: snowflake.accountName,
      user: snowflake.terraformLogin.user,
      privateKey:
        snowflake.terraformLogin.privateKeyFrom === 'secretsManager'
          ? ephemeralSecretValue(this, 'terraform-private-key', props.terraformKey.secretArn).attribute('secret_string')
          : undefined,
      previewFeatures: PREVIEW_RESOURCES.map(previewFeature),
    };
    configureSnowflake(this, { ...login, role: roles.owner });
    const security = configureSnowflake(this, { ...login, role: 'SECURITYADMIN' }, 'security');
    const accountAdmin = configureSnowflake(this, { ...login, role: 'ACCOUNTADMIN' }, 'accountadmin');
    this.accountIdentifier = `${snowflake.organizationName}-${snowflake.accountName}`;

    const ownerUnderSysadmin = new GrantAccountRole(this, 'owner-role-under-sysadmin', { provider: security, roleName: roles.owner, parentRoleName: 'SYSADMIN' });

    const raw = new PlatformDatabase(this, 'raw', {
      name: snowflake.databases.raw,
      comment: 'Sources as they land (Airbyte connections, Snowpipe bulk feeds), one schema per source family.',
      schemas: snowflake.rawSchemas,
      schemaKind: 'source family',
    });
    const analytics = new PlatformDatabase(this, 'analytics', {
      name: snowflake.databases.analytics,
      comment: 'The medallion layers dbt builds from RAW.',
      schemas: Object.fromEntries(MEDALLION_LAYERS.map((layer) => [layer, layer.toUpperCase()])) as Record<MedallionLayer, string>,
      schemaKind: 'medallion layer',
    });

    const { warehouses, monitors } = snowflake;
    const monitorSettings = { notifyUsers: monitors.notifyUsers };
    const withHeadroom = (credits: number) => Math.ceil(credits * (1 + monitors.headroom));
    const warehouse = (id: string, settings: Omit<MonitoredWarehouseProps, 'ownerRole' | 'provider' | 'ownershipDependsOn'>) =>
      new MonitoredWarehouse(this, id, { ...settings, ownerRole: roles.owner, provider: accountAdmin, ownershipDependsOn: [ownerUnderSysadmin] });
    const loading = warehouse('loading', {
      ...warehouses.loading,
      ...props.sizing.warehouses.loading,
      comment: 'Airbyte destination loads into RAW; sized by the capacity plan.',
      monitor: { ...monitorSettings, monthlyCredits: withHeadroom(props.sizing.monthlyCredits.loading) },
    });
    const transforming = warehouse('transforming', {
      ...warehouses.transforming,
      ...props.sizing.warehouses.transforming,
      comment: 'dbt builds the medallion layers; sized by the capacity plan.',
      monitor: { ...monitorSettings, monthlyCredits: withHeadroom(props.sizing.monthlyCredits.transforming) },
    });
    const reporting = warehouse('reporting', {
      ...warehouses.reporting,
      comment: 'BI queries on the marts.',
      monitor: { ...monitorSettings, monthlyCredits: warehouses.reporting.monthlyCredits },
    });
    if (monitors.accountMonthlyCredits !== undefined) {
      new CreditMonitor(this, 'account-monitor', {
        ...monitorSettings,
        name: 'ACCOUNT_MONITOR',
        monthlyCredits: monitors.accountMonthlyCredits,
        provider: accountAdmin,
      }).assignToAccount();
    }

    const role = (id: ServiceRole, comment: string) => new AccessRole(this, `${id}-role`, { name: roles[id], comment, parentRole: roles.owner, provider: security });
    const loader = role('loader', 'Loads RAW (Airbyte connections).');
    loader.useWarehouse(loading);
    const transformer = role('transformer', 'Reads RAW and builds ANALYTICS (dbt).');
    transformer.useWarehouse(transforming);
    for (const schema of Object.values(raw.schemas)) {
      loader.load(schema);
      transformer.read(schema);
    }
    for (const schema of Object.values(analytics.schemas)) transformer.build(schema);
    const reporter = role('reporter', 'Reads the marts (the BI tool).');
    reporter.useWarehouse(reporting);
    reporter.read(analytics.schemas.marts);
    if (snowflake.bi.readsGold) reporter.read(analytics.schemas.gold);

    const natCidrs = props.natPublicIps.map((ip) => `${ip}/32`);
    const services: Record<ServiceRole, { role: AccessRole; warehouse: MonitoredWarehouse; namespace: string; clients: string; cidrs: string[] }> = {
      loader: { role: loader, warehouse: loading, namespace: raw.databaseName, clients: 'Airbyte (Snowflake destination)', cidrs: natCidrs },
      transformer: { role: transformer, warehouse: transforming, namespace: analytics.databaseName, clients: 'dbt, run by Airflow', cidrs: natCidrs },
      reporter: {
        role: reporter,
        warehouse: reporting,
        namespace: `${analytics.databaseName}.${analytics.schemas.marts.schemaName}`,
        clients: 'the BI tool (Sigma)',
        cidrs: [...natCidrs, ...snowflake.bi.allowedCidrs],
      },
    };
    const users = Object.fromEntries(
      SERVICE_ROLES.map((id) => {
        const service = services[id];
        const { name, rsaPublicKey, rsaPublicKey2 } = snowflake.serviceUsers[id];
        const user = new KeyPairServiceUser(this, `${id}-user`, {
          name,
          comment: `${service.clients}; key-pair login only.`,
          roleName: service.role.roleName,
          defaultWarehouse: service.warehouse.warehouseName,
          defaultNamespace: service.namespace,
          rsaPublicKey,
          rsaPublicKey2,
          allowedCidrs: service.cidrs,
          provider: security,
        });
        return [id, user];
      })
    ) as Record<ServiceRole, KeyPairServiceUser>;

    const bulk = new BulkFileLoading(this, 'bulk-loading', {
      schema: raw.schemas.structuredFiles,
      bucket: props.landingBucket,
      key: props.platformKey,
      landingPrefix: snowflake.bulkLoading.landingPrefix,
      feeds: snowflake.bulkLoading.feeds,
      integrationName: 'LANDING_BULK',
      roleName: this.names.roleName('snowflake-landing'),
    });

    this.rawDatabaseName = raw.databaseName;
    this.rawSchemaNames = schemaNames(raw);
    this.analyticsDatabaseName = analytics.databaseName;
    this.layerSchemaNames = schemaNames(analytics);
    this.serviceAccess = Object.fromEntries(
      SERVICE_ROLES.map((id) => [
        id,
        { userName: users[id].userName, roleName: services[id].role.roleName, warehouseName: services[id].warehouse.warehouseName, keySecret: props.serviceUserKeys[id] },
      ])
    ) as Record<ServiceRole, SnowflakeServiceAccess>;
    const dbt = this.serviceAccess.transformer;
    this.dbtEnvironment = {
      // dbt's `prod` target builds the shared layer schemas; `dev` is for a developer's own schemas.
      DBT_TARGET: 'prod',
      SNOWFLAKE_ACCOUNT: this.accountIdentifier,
      SNOWFLAKE_USER: dbt.userName,
      SNOWFLAKE_ROLE: dbt.roleName,
      SNOWFLAKE_WAREHOUSE: dbt.warehouseName,
      SNOWFLAKE_DATABASE: this.analyticsDatabaseName,
      // Every model names its layer schema; target.schema is only dbt's fallback.
      SNOWFLAKE_SCHEMA: this.layerSchemaNames.bronze,
      DBT_RAW_DATABASE: this.rawDatabaseName,
      DBT_RAW_SCHEMA: this.rawSchemaNames[snowflake.dbtRawSourceFamily],
    };

    const output = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    output('account_identifier', this.accountIdentifier, 'Snowflake account identifier, <organization>-<account>');
    output('raw_database', this.rawDatabaseName, 'Database where sources land (Airbyte, Snowpipe)');
    output('raw_schemas', this.rawSchemaNames, 'RAW schema of each source family (Airbyte namespaces)');
    output('analytics_database', this.analyticsDatabaseName, 'Database dbt builds the medallion layers in');
    output('layer_schemas', this.layerSchemaNames, 'ANALYTICS schema of each medallion layer');
    output(
      'service_users',
      Object.fromEntries(
        SERVICE_ROLES.map((id) => [id, { user: this.serviceAccess[id].userName, role: this.serviceAccess[id].roleName, warehouse: this.serviceAccess[id].warehouseName }])
      ),
      'User, role and warehouse of each service (loader: Airbyte, transformer: dbt, reporter: BI)'
    );
    output(
      'service_users_awaiting_key',
      SERVICE_ROLES.filter((id) => !users[id].hasKey).map((id) => snowflake.serviceUsers[id].name),
      'Service users with no public key registered yet: nobody can log in as them (README: Snowflake key pairs)'
    );
    output('dbt_environment', this.dbtEnvironment, 'Environment of the dbt task (dbt/profiles.yml), private key aside');
    output(
      'bulk_feed_pipes',
      Object.fromEntries(Object.entries(bulk.pipes).map(([table, pipe]) => [table, { pipe: pipe.pipeName, prefix: pipe.prefix }])),
      'Snowpipe of each bulk feed table and the landing folder it loads'
    );
  }
}

function schemaNames<Key extends string>(database: PlatformDatabase<Key>): Record<Key, string> {
  return Object.fromEntries(Object.entries<{ schemaName: string }>(database.schemas).map(([key, schema]) => [key, schema.schemaName])) as Record<Key, string>;
}
