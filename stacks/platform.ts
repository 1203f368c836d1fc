import type { Construct } from 'constructs';
import type { PlatformConfig } from '../config';
import { platformSizing } from '../config/sizing';
import { AirbyteStack } from './airbyte';
import { AirbyteConnectionsStack } from './airbyte-connections';
import { AirflowStack } from './airflow';
import { ClusterAddonsStack } from './cluster-addons';
import { EksStack } from './eks';
import { NetworkStack } from './network';
import { PostgresStack } from './postgres';
import { PostgresBootstrapStack } from './postgres-bootstrap';
import { SecretsStack } from './secrets';
import { SnowflakeStack } from './snowflake';
import { EMULATOR_DEPLOYS, defineStacks } from './stack-definition';
import { StorageStack } from './storage';

/**
 * Every stack of the platform and its traits: the one list that tests, the offline
 * Terraform checks, the deploy scripts and the emulator test iterate over. Deploy order
 * is not kept here: it follows the cross-stack references (cdktf.out/manifest.json).
 */
export const PLATFORM_STACKS = defineStacks({
  network: {
    description: 'VPC over the configured AZs: public, private and isolated subnets, NAT, flow logs, endpoints',
    providers: ['aws'],
    emulator: EMULATOR_DEPLOYS,
  },
  storage: {
    description: 'Platform KMS key; landing, Airflow log and DAG, dbt artifact and access-log buckets; dbt and Airflow image repositories',
    providers: ['aws'],
    emulator: EMULATOR_DEPLOYS,
  },
  secrets: {
    description: 'Secrets Manager entries: credentials operators set, and keys the platform generates write-only',
    providers: ['aws'],
    emulator: EMULATOR_DEPLOYS,
  },
  eks: {
    description: 'EKS cluster (private API, encrypted Secrets, all control-plane logs), node groups from the capacity plan, OIDC provider, managed add-ons',
    providers: ['aws'],
    emulator: {
      deploys: true,
      omits: [
        { resourceType: 'aws_eks_addon', reason: 'moto has no EKS add-on API (it answers 404)' },
        { resourceType: 'aws_eks_access_entry', reason: 'moto has no EKS access-entry API (it answers 404)' },
        { resourceType: 'aws_eks_access_policy_association', reason: 'moto has no EKS access-policy API (it answers 404)' },
      ],
    },
  },
  'cluster-addons': {
    description: 'AWS Load Balancer Controller, External Secrets Operator with its ClusterSecretStore, cluster autoscaler, encrypted default StorageClass',
    providers: ['aws', 'helm', 'kubernetes'],
    emulator: {
      deploys: false,
      reason: "Helm and Kubernetes need a real API server; moto's EKS endpoint does not resolve and its CA data is random bytes",
    },
  },
  postgres: {
    description: 'RDS PostgreSQL in the isolated subnets (encrypted, RDS-managed master password, TLS only, logical replication), reachable from the cluster only; a generated secret per database role',
    providers: ['aws'],
    emulator: {
      deploys: true,
      omits: [
        {
          resourceType: 'aws_security_group_rule',
          path: 'postgres/security-group/from-cluster',
          reason: "moto creates no EKS cluster security group, so the eks stack's cluster_security_group_id is empty there and a rule from it never completes",
        },
      ],
    },
  },
  'postgres-bootstrap': {
    description: 'Inside PostgreSQL: roles with write-only passwords from their secrets, the Airflow, Airbyte and OLTP databases, the CDC role, publication and slot',
    providers: ['aws', 'postgresql'],
    preflight: 'postgres-admin-endpoint-reachable',
    emulator: {
      deploys: false,
      reason: "no database exists behind moto's RDS endpoint (its host name does not resolve), so the postgresql provider has nothing to connect to",
    },
  },
  snowflake: {
    description: 'Snowflake RAW and ANALYTICS databases, monitored warehouses, least-privilege roles, key-pair service users, Snowpipe bulk loading from the landing bucket',
    providers: ['aws', 'snowflake'],
    emulator: {
      deploys: false,
      reason:
        'needs a Snowflake account: no emulator exists for the snowflake provider, and its AWS part (the integration role, the landing bucket notification) takes its values from Snowflake',
    },
  },
  airbyte: {
    description: 'Airbyte (V2 chart) on the ingestion nodes: RDS database, S3 storage through IRSA, credentials synced by External Secrets, auth on, the server behind an internal NLB for adminCidrs and the VPC',
    providers: ['aws', 'helm', 'kubernetes'],
    emulator: {
      deploys: false,
      reason: "Helm and Kubernetes need a real API server (moto's EKS endpoint does not resolve and its CA data is random bytes), and the release needs the cluster add-ons, the database and a load balancer",
    },
  },
  'airbyte-connections': {
    description: "Airbyte's workspace, sources (Postgres CDC, landed documents, Salesforce, Facebook Marketing, Amazon Ads and Seller Partner), Snowflake destination and scheduled connections, behind a health gate on the server",
    providers: ['aws', 'http', 'airbyte'],
    emulator: {
      deploys: false,
      reason: 'it configures a running Airbyte server through its API (the health gate waits for one), which only the airbyte stack on a real cluster provides',
    },
  },
  airflow: {
    description: 'Airflow (official chart, KubernetesExecutor) on the orchestration nodes: RDS metadata, keys synced by External Secrets, DAG files shipped to the DAG bucket, task logs in S3 through IRSA, Secrets Manager backend; the dbt namespace the batch runs dbt in',
    providers: ['aws', 'helm', 'kubernetes'],
    emulator: {
      deploys: false,
      reason:
        "Helm and Kubernetes need a real API server (moto's EKS endpoint does not resolve and its CA data is random bytes); and moto refuses the DAG file uploads, applying the DAG bucket's TLS-only policy to plain-http requests",
    },
  },
});

export type StackId = keyof typeof PLATFORM_STACKS;

/** The platform's stacks, typed, for cross-stack wiring and tests. */
export interface Platform {
  readonly network: NetworkStack;
  readonly storage: StorageStack;
  readonly secrets: SecretsStack;
  readonly eks: EksStack;
  readonly clusterAddons: ClusterAddonsStack;
  readonly snowflake: SnowflakeStack;
  readonly postgres: PostgresStack;
  readonly postgresBootstrap: PostgresBootstrapStack;
  readonly airbyte: AirbyteStack;
  readonly airbyteConnections: AirbyteConnectionsStack;
  readonly airflow: AirflowStack;
}

/** Builds every stack; the capacity plan is resolved once and each stack gets its slice. */
export function buildPlatform(app: Construct, config: PlatformConfig): Platform {
  const sizing = platformSizing(config);
  const network = new NetworkStack(app, PLATFORM_STACKS.network, { config });
  const storage = new StorageStack(app, PLATFORM_STACKS.storage, { config, sizing: sizing.storage });
  const secrets = new SecretsStack(app, PLATFORM_STACKS.secrets, { config, key: storage.platformKey });
  const eks = new EksStack(app, PLATFORM_STACKS.eks, { config, vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds, sizing: sizing.eks });
  const clusterAddons = new ClusterAddonsStack(app, PLATFORM_STACKS['cluster-addons'], {
    config,
    cluster: eks.cluster,
    oidcProviderArn: eks.oidcProviderArn,
    oidcIssuer: eks.oidcIssuer,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    secretReadStatements: secrets.grantReadWorkloadCredentials(),
  });
  const postgres = new PostgresStack(app, PLATFORM_STACKS.postgres, {
    config,
    vpcId: network.vpcId,
    isolatedSubnetIds: network.isolatedSubnetIds,
    clientSecurityGroupIds: { cluster: eks.clusterSecurityGroupId, nodes: eks.nodeSecurityGroupId },
    secretsKey: storage.platformKey,
  });
  const postgresBootstrap = new PostgresBootstrapStack(app, PLATFORM_STACKS['postgres-bootstrap'], { config, server: postgres });
  const snowflake = new SnowflakeStack(app, PLATFORM_STACKS.snowflake, {
    config,
    sizing: sizing.snowflake,
    natPublicIps: network.natPublicIps,
    landingBucket: storage.landingBucket,
    platformKey: storage.platformKey,
    terraformKey: secrets.secrets.snowflakeTerraform,
    serviceUserKeys: { loader: secrets.secrets.snowflakeLoader, transformer: secrets.secrets.snowflakeTransformer, reporter: secrets.secrets.snowflakeReporter },
  });
  const airbyte = new AirbyteStack(app, PLATFORM_STACKS.airbyte, {
    config,
    cluster: eks.cluster,
    oidcProviderArn: eks.oidcProviderArn,
    oidcIssuer: eks.oidcIssuer,
    clusterAddons,
    vpcCidr: network.vpcCidr,
    storageBucket: storage.airbyteBucket,
    database: { host: postgres.endpoint, port: postgres.port, connection: postgresBootstrap.connections.airbyte },
    instanceAdminSecret: secrets.secrets.airbyteInstanceAdmin,
    sizing: sizing.airbyte,
  });
  const airbyteConnections = new AirbyteConnectionsStack(app, PLATFORM_STACKS['airbyte-connections'], {
    config,
    airbyte,
    instanceAdminSecret: secrets.secrets.airbyteInstanceAdmin,
    partnerSecrets: {
      salesforce: secrets.secrets.salesforce,
      facebookMarketing: secrets.secrets.facebookMarketing,
      amazonAds: secrets.secrets.amazonAds,
      amazonSellerPartner: secrets.secrets.amazonSellerPartner,
    },
    oltp: { host: postgres.endpoint, port: postgres.port, reader: postgresBootstrap.connections.cdc, changeDataCapture: postgresBootstrap.changeDataCapture },
    snowflake: {
      accountIdentifier: snowflake.accountIdentifier,
      rawDatabaseName: snowflake.rawDatabaseName,
      rawSchemaNames: snowflake.rawSchemaNames,
      loader: snowflake.serviceAccess.loader,
    },
    landingBucket: storage.landingBucket,
  });
  const airflow = new AirflowStack(app, PLATFORM_STACKS.airflow, {
    config,
    sizing: sizing.airflow,
    cluster: eks.cluster,
    oidcProviderArn: eks.oidcProviderArn,
    oidcIssuer: eks.oidcIssuer,
    clusterAddons,
    buckets: { dags: storage.airflowDagsBucket, logs: storage.airflowLogsBucket, dbtArtifacts: storage.dbtArtifactsBucket },
    imageRepositories: { airflow: storage.airflowImageRepository, dbt: storage.dbtImageRepository },
    secretsKey: storage.platformKey,
    secrets,
    metadataDatabase: postgresBootstrap.connections.airflow,
    snowflake: { dbtEnvironment: snowflake.dbtEnvironment, keySecret: snowflake.serviceAccess.transformer.keySecret },
    airbyte: {
      publicApiUrl: airbyte.internalApiUrl,
      connectionIds: airbyteConnections.connectionIds,
      instanceAdminSecret: secrets.secrets.airbyteInstanceAdmin,
      instanceAdminVersion: config.secrets.generatedVersions.airbyteInstanceAdmin,
    },
  });
  return { network, storage, secrets, eks, clusterAddons, postgres, postgresBootstrap, snowflake, airbyte, airbyteConnections, airflow };
}
