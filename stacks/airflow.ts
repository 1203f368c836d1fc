import { join } from 'node:path';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { secretRotated } from '../aspects/rules/secrets';
import { waivePolicy } from '../aspects/waivers';
import { SECRET_CATALOGUE } from '../config/secret-catalogue';
import type { PlatformSizing } from '../config/sizing';
import { AirflowConnectionSecret } from '../constructs/airflow-connection-secret';
import { AIRFLOW_COMPONENTS, AirflowRelease, type AirflowComponent, type ComponentIdentity } from '../constructs/airflow-release';
import { DirectoryObjects } from '../constructs/directory-objects';
import { CONNECTION_KEYS } from '../constructs/database-role-secret';
import type { EncryptedSecret } from '../constructs/encrypted-secret';
import type { ImageRepository } from '../constructs/image-repository';
import { IrsaRole } from '../constructs/irsa-role';
import { PlatformNamespace } from '../constructs/platform-namespace';
import type { PlatformKey } from '../constructs/platform-key';
import { distinctStatements, type PolicyStatement } from '../constructs/policy-document';
import { RepositoryImage } from '../constructs/repository-image';
import type { SecureBucket } from '../constructs/secure-bucket';
import { SecretValueRequired } from '../constructs/secret-value-required';
import { SyncedSecret, type SyncedSecretProps } from '../constructs/synced-secret';
import { WORKLOAD_PLACEMENT } from '../constructs/workload-placement';
import { configureHelm } from '../providers/helm';
import { configureKubernetes, RoleBindingV1, RoleV1, ServiceAccountV1, type ClusterConnection } from '../providers/kubernetes';
import type { ClusterAddonsStack } from './cluster-addons';
import { PLATFORM_NAMESPACES } from './cluster-addons';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { DatabaseConnection } from './postgres-bootstrap';
import type { SecretsStack } from './secrets';
import type { StackDefinition } from './stack-definition';

/** Folders of the platform's buckets and secrets that Airflow reads and writes, each ending with `/`. */
const FOLDERS = {
  /** DAG bucket: one object per file of dags/. */
  dags: 'dags/',
  /** Logs bucket: one object per task try. */
  taskLogs: 'task-logs/',
  /** dbt artifacts bucket: where the batch publishes dbt docs (dags/README.md). */
  dbtDocs: 'dbt-docs/',
  /** Secrets Manager, under `<namePrefix>/<environment>/`: what the secrets backend serves. */
  connections: 'airflow/connections/',
  variables: 'airflow/variables/',
} as const;

/** Service account of each Airflow component, and of the dbt pods the batch starts. */
const SERVICE_ACCOUNTS: Readonly<Record<AirflowComponent | 'dbt', string>> = {
  scheduler: 'airflow-scheduler',
  apiServer: 'airflow-api-server',
  dagProcessor: 'airflow-dag-processor',
  triggerer: 'airflow-triggerer',
  worker: 'airflow-worker',
  dbt: 'dbt',
};

/** IAM role name purposes (config/naming.ts), short enough for the longest prefix config allows. */
const ROLE_PURPOSES = { apiServer: 'af-api-server', dagProcessor: 'af-dag-proc', triggerer: 'af-triggerer', worker: 'af-worker', dbt: 'dbt-pods' } as const;

/** The Kubernetes Secret with the TRANSFORMER key pair in the dbt namespace (dags/README.md: `snowflake_key_secret`). */
const SNOWFLAKE_KEY_SECRET = 'snowflake-transformer-key';

/** Secret names of the chart's keys in the airflow namespace. */
const AIRFLOW_SECRETS = {
  metadataConnection: 'airflow-metadata',
  fernetKey: 'airflow-fernet-key',
  apiSecretKey: 'airflow-api-secret-key',
  jwtSecret: 'airflow-jwt-secret',
  adminPassword: 'airflow-admin',
} as const;

/** The Airbyte connection id the DAG reaches Airbyte's API with (dags/platform_batch.py). */
const AIRBYTE_CONNECTION_ID = 'platform_airbyte';

/** What the batch needs of Airbyte: its API and the connections it syncs. */
export interface AirbyteForAirflow {
  /** Airbyte's public API as pods of the airflow namespace reach it, e.g. `http://<server service>.airbyte.svc.cluster.local:8001/api/public/v1`. */
  readonly publicApiUrl: string;
  /** Airbyte connection id by connection name (the airbyte-connections stack); each is one sync of every batch. */
  readonly connectionIds: Readonly<Record<string, string>>;
  /** The instance admin (secrets stack): JSON whose `instance-admin-client-id` and `-secret` log in to the API. */
  readonly instanceAdminSecret: EncryptedSecret;
  /** `secrets.generatedVersions.airbyteInstanceAdmin`: raising it rotates the admin, and rewrites the connection. */
  readonly instanceAdminVersion: number;
}

/** What dbt needs of Snowflake. */
export interface SnowflakeForDbt {
  /** The snowflake stack's `dbtEnvironment` (dbt/profiles.yml): account, user, role, warehouse, database, schemas. */
  readonly dbtEnvironment: Readonly<Record<string, string>>;
  /** The TRANSFORMER user's key pair (secrets stack): JSON `{user, private_key, private_key_passphrase}`. */
  readonly keySecret: EncryptedSecret;
}

export interface AirflowStackProps extends PlatformStackProps {
  /** The capacity plan's slice: task pod requests, and how many run at a batch's peak. */
  readonly sizing: PlatformSizing['airflow'];
  /** The eks stack's cluster and its OIDC provider (IRSA). */
  readonly cluster: ClusterConnection;
  readonly oidcProviderArn: string;
  /** Without `https://`. */
  readonly oidcIssuer: string;
  /** The External Secrets store and the namespaces' traffic rules; deployed first. */
  readonly clusterAddons: ClusterAddonsStack;
  /** The storage stack's buckets: DAG files, task logs, dbt artifacts. */
  readonly buckets: { readonly dags: SecureBucket; readonly logs: SecureBucket; readonly dbtArtifacts: SecureBucket };
  /** The storage stack's image repositories. */
  readonly imageRepositories: { readonly airflow: ImageRepository; readonly dbt: ImageRepository };
  /** The platform key (storage stack), which encrypts the connection secret this stack writes. */
  readonly secretsKey: PlatformKey;
  /** Airflow's generated keys, the Slack connection, and the grants on the secrets backend's folders. */
  readonly secrets: SecretsStack;
  /** The Airflow database and role (postgres-bootstrap). */
  readonly metadataDatabase: DatabaseConnection;
  readonly snowflake: SnowflakeForDbt;
  readonly airbyte: AirbyteForAirflow;
}

/**
 * Airflow on the orchestration nodes, running the 6-hourly batch (dags/): the official chart
 * with the KubernetesExecutor, its metadata in RDS, its keys synced from Secrets Manager, DAG
 * files shipped to the DAG bucket and staged from there, task logs in the logs bucket,
 * Connections and Variables from Secrets Manager and the environment; and the dbt namespace
 * the batch's dbt pods run in, with their Snowflake key and the one S3 grant they need.
 */
export class AirflowStack extends PlatformStack {
  constructor(scope: Construct, definition: StackDefinition, props: AirflowStackProps) {
    super(scope, definition, props);
    const { config, clusterAddons, buckets, secrets } = props;
    configureHelm(this, props.cluster);
    configureKubernetes(this, props.cluster);
    // Its ExternalSecrets need the operator's CRDs and store, which cluster-addons installs.
    this.addDependency(clusterAddons);

    const airflowNamespace = new PlatformNamespace(this, 'airflow-namespace', { name: PLATFORM_NAMESPACES.airflow, traffic: clusterAddons.namespaceTraffic.airflow });
    const dbtNamespace = new PlatformNamespace(this, 'dbt-namespace', { name: PLATFORM_NAMESPACES.dbt, traffic: clusterAddons.namespaceTraffic.dbt });

    // DAG files: one object per file of dags/, keyed by path, replaced when its content changes.
    const dagFiles = new DirectoryObjects(this, 'dag-files', { directory: join(__dirname, '..', 'dags'), bucket: buckets.dags, keyPrefix: FOLDERS.dags });

    // IRSA: each component may do what it needs on AWS and nothing else; the scheduler needs nothing.
    const irsa = (component: keyof typeof ROLE_PURPOSES, namespace: string, statements: PolicyStatement[]) =>
      new IrsaRole(this, `${component}-role`, {
        oidcProviderArn: props.oidcProviderArn,
        oidcIssuer: props.oidcIssuer,
        namespace,
        serviceAccount: SERVICE_ACCOUNTS[component],
        statements: distinctStatements(statements),
        namePrefix: this.names.rolePrefix(ROLE_PURPOSES[component]),
        description: `Service account ${namespace}/${SERVICE_ACCOUNTS[component]} of EKS cluster ${props.cluster.clusterName}`,
      });
    const readsSecretsBackend = [...secrets.grantReadUnder(FOLDERS.connections), ...secrets.grantReadUnder(FOLDERS.variables)];
    const writesTaskLogs = [...buckets.logs.grantRead(FOLDERS.taskLogs), ...buckets.logs.grantWrite(FOLDERS.taskLogs)];
    // The whole bucket, which holds only the DAG folder: the S3 DAG bundle checks the bucket
    // (HeadBucket) and lists its top level, requests an s3:prefix condition would refuse.
    const readsDags = buckets.dags.grantRead();
    const roles = {
      worker: irsa('worker', PLATFORM_NAMESPACES.airflow, [...readsDags, ...writesTaskLogs, ...readsSecretsBackend]),
      dagProcessor: irsa('dagProcessor', PLATFORM_NAMESPACES.airflow, [...readsDags, ...writesTaskLogs, ...readsSecretsBackend]),
      triggerer: irsa('triggerer', PLATFORM_NAMESPACES.airflow, [...readsDags, ...writesTaskLogs, ...readsSecretsBackend]),
      apiServer: irsa('apiServer', PLATFORM_NAMESPACES.airflow, [...buckets.logs.grantRead(FOLDERS.taskLogs), ...readsSecretsBackend]),
    };
    const dbtRole = irsa('dbt', PLATFORM_NAMESPACES.dbt, buckets.dbtArtifacts.grantWrite(FOLDERS.dbtDocs));

    // Airflow's keys and database login, synced into the airflow namespace before the release starts.
    // A rotation (raising a version) reaches the cluster at once and restarts every Airflow pod.
    const sync = (id: string, name: string, namespace: string, remoteSecretName: string, keys: Pick<SyncedSecretProps, 'keys' | 'valueKey' | 'template' | 'version'>) =>
      new SyncedSecret(this, id, { name, namespace, storeName: clusterAddons.secretStoreName, remoteSecretName, ...keys });
    const versions = config.secrets.generatedVersions;
    const credentialVersions = {
      database: config.postgres.passwordVersions.airflow,
      'fernet-key': versions.airflowFernetKey,
      'api-secret-key': versions.airflowApiSecretKey,
      'jwt-secret': versions.airflowJwtSecret,
      'admin-password': versions.airflowAdminPassword,
    };
    const airflowSecrets = [
      sync('metadata-connection', AIRFLOW_SECRETS.metadataConnection, airflowNamespace.name, props.metadataDatabase.secretName, {
        keys: Object.fromEntries(CONNECTION_KEYS.map((key) => [key, key])),
        // The password is letters and digits (DatabaseRoleSecret), so the URL needs no escaping; RDS takes TLS only.
        template: { connection: 'postgresql://{{ .username }}:{{ .password }}@{{ .host }}:{{ .port }}/{{ .database }}?sslmode=require' },
        version: credentialVersions.database,
      }),
      sync('fernet-key', AIRFLOW_SECRETS.fernetKey, airflowNamespace.name, secrets.secrets.airflowFernetKey.secretName, { valueKey: 'fernet-key', version: credentialVersions['fernet-key'] }),
      sync('api-secret-key', AIRFLOW_SECRETS.apiSecretKey, airflowNamespace.name, secrets.secrets.airflowApiSecretKey.secretName, {
        valueKey: 'api-secret-key',
        version: credentialVersions['api-secret-key'],
      }),
      sync('jwt-secret', AIRFLOW_SECRETS.jwtSecret, airflowNamespace.name, secrets.secrets.airflowJwtSecret.secretName, { valueKey: 'jwt-secret', version: credentialVersions['jwt-secret'] }),
      sync('admin-password', AIRFLOW_SECRETS.adminPassword, airflowNamespace.name, secrets.secrets.airflowAdminPassword.secretName, {
        valueKey: 'password',
        version: credentialVersions['admin-password'],
      }),
    ];

    // Operators set these two; the plan stops, naming the secret, until they hold a value.
    const transformerKey = props.snowflake.keySecret;
    new SecretValueRequired(this, 'snowflake-key-set', {
      secretArn: transformerKey.secretArn,
      secretName: this.names.secretName(SECRET_CATALOGUE.snowflakeTransformer.name),
      expected: 'JSON {user, private_key, private_key_passphrase} (README: "Service users and their key pairs")',
      neededBy: 'the dbt tasks of the batch',
    });
    new SecretValueRequired(this, 'slack-connection-set', {
      secretArn: secrets.secrets.slackWebhook.secretArn,
      secretName: this.names.secretName(SECRET_CATALOGUE.slackWebhook.name),
      expected: 'JSON {"conn_type": "slackwebhook", "password": "<incoming-webhook URL>"}',
      neededBy: "the batch's failure and deadline alerts",
    });
    sync('snowflake-key', SNOWFLAKE_KEY_SECRET, dbtNamespace.name, transformerKey.secretName, {
      keys: { private_key: 'private_key', private_key_passphrase: 'private_key_passphrase' },
    });

    // The dbt pods: their own service account (IRSA, no Kubernetes API token), started by the workers and watched by the triggerer.
    new ServiceAccountV1(this, 'dbt-service-account', {
      metadata: { name: SERVICE_ACCOUNTS.dbt, namespace: dbtNamespace.name, annotations: { 'eks.amazonaws.com/role-arn': dbtRole.roleArn } },
      automountServiceAccountToken: false,
    });
    const podRunner = new RoleV1(this, 'dbt-pod-runner', {
      metadata: { name: 'dbt-pod-runner', namespace: dbtNamespace.name },
      rule: [
        { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
        { apiGroups: [''], resources: ['events'], verbs: ['get', 'list'] },
      ],
    });
    new RoleBindingV1(this, 'dbt-pod-runner-binding', {
      metadata: { name: 'dbt-pod-runner', namespace: dbtNamespace.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: podRunner.metadata.name },
      subject: (['worker', 'triggerer'] as const).map((component) => ({ kind: 'ServiceAccount', name: SERVICE_ACCOUNTS[component], namespace: PLATFORM_NAMESPACES.airflow })),
    });

    // Airflow reaches Airbyte with the instance admin's client credentials, kept out of state.
    const airbyteConnection = new AirflowConnectionSecret(this, 'airbyte-connection', {
      name: this.names.secretName(`${FOLDERS.connections}${AIRBYTE_CONNECTION_ID}`),
      description: `Airflow connection ${AIRBYTE_CONNECTION_ID}: Airbyte's public API and the instance admin's client credentials, written by the airflow stack from the airbyte/instance-admin secret.`,
      key: props.secretsKey,
      region: config.region,
      recoveryWindowDays: config.secrets.recoveryWindowDays,
      connType: 'airbyte',
      fields: { host: props.airbyte.publicApiUrl, schema: 'v1/applications/token' },
      sourceSecretArn: props.airbyte.instanceAdminSecret.secretArn,
      sourceFields: { login: 'instance-admin-client-id', password: 'instance-admin-client-secret' },
      sourceVersion: props.airbyte.instanceAdminVersion,
    });
    waivePolicy(
      airbyteConnection.resource,
      secretRotated,
      'Derived from the airbyte/instance-admin secret, which the platform generates and no AWS rotation function can rotate. Rotated with it every 90 days: raise secrets.generatedVersions.airbyteInstanceAdmin and deploy secrets, airbyte, then airflow, which rewrites this connection.',
    );

    const airflowImage = new RepositoryImage(this, 'airflow-image', { repository: props.imageRepositories.airflow, digest: config.airflow.images.airflow?.digest });
    const dbtImage = new RepositoryImage(this, 'dbt-image', { repository: props.imageRepositories.dbt, digest: config.airflow.images.dbt?.digest });
    const orchestration = WORKLOAD_PLACEMENT.orchestration;
    const dbt = props.snowflake.dbtEnvironment;
    const identities = Object.fromEntries(
      AIRFLOW_COMPONENTS.map((component): [AirflowComponent, ComponentIdentity] => [
        component,
        { serviceAccount: SERVICE_ACCOUNTS[component], ...(component in roles ? { roleArn: roles[component as keyof typeof roles].roleArn } : {}) },
      ]),
    ) as Record<AirflowComponent, ComponentIdentity>;

    const airflow = new AirflowRelease(this, 'airflow', {
      namespace: airflowNamespace.name,
      region: config.region,
      chartVersion: config.airflow.chartVersion,
      airflowVersion: config.airflow.airflowVersion,
      image: { repositoryUrl: airflowImage.repositoryUrl, digest: airflowImage.digest },
      secrets: AIRFLOW_SECRETS,
      storage: {
        dags: { bucketName: buckets.dags.bucketName, prefix: FOLDERS.dags, refreshSeconds: config.airflow.dagRefreshSeconds },
        logs: { bucketName: buckets.logs.bucketName, prefix: FOLDERS.taskLogs },
        secretsBackend: {
          connectionsPrefix: this.names.secretName(FOLDERS.connections),
          variablesPrefix: this.names.secretName(FOLDERS.variables),
        },
      },
      identities,
      placement: orchestration,
      resources: config.airflow.resources,
      taskPod: props.sizing.taskPod,
      parallelism: props.sizing.peakTasks,
      admin: config.airflow.admin,
      credentialVersions,
      // The deployment contract of dags/platform_batch.py (dags/README.md).
      environment: {
        PLATFORM_DBT_POD: JSON.stringify({
          namespace: dbtNamespace.name,
          service_account: SERVICE_ACCOUNTS.dbt,
          snowflake_key_secret: SNOWFLAKE_KEY_SECRET,
          aws_region: config.region,
          node_selector: orchestration.nodeSelector,
          tolerations: orchestration.tolerations,
        }),
        AIRFLOW_VAR_PLATFORM_AIRBYTE_CONNECTIONS: JSON.stringify(props.airbyte.connectionIds),
        AIRFLOW_VAR_PLATFORM_DBT_IMAGE: dbtImage.reference,
        AIRFLOW_VAR_PLATFORM_SNOWFLAKE: JSON.stringify({
          account: dbt.SNOWFLAKE_ACCOUNT,
          user: dbt.SNOWFLAKE_USER,
          role: dbt.SNOWFLAKE_ROLE,
          warehouse: dbt.SNOWFLAKE_WAREHOUSE,
          database: dbt.SNOWFLAKE_DATABASE,
          schema: dbt.SNOWFLAKE_SCHEMA,
          raw_database: dbt.DBT_RAW_DATABASE,
          raw_schema: dbt.DBT_RAW_SCHEMA,
        }),
        AIRFLOW_VAR_PLATFORM_DBT_ARTIFACTS_BUCKET: buckets.dbtArtifacts.bucketName,
      },
      dependsOn: airflowSecrets,
    });

    const output = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    output('airflow_namespace', airflowNamespace.name, 'Namespace of the Airflow release');
    // Names the bootstrap creates, so this stack deploys after the database and role exist.
    output('metadata_database', { database: props.metadataDatabase.database, username: props.metadataDatabase.username }, "Database and role of Airflow's metadata (postgres-bootstrap)");
    output('dbt_namespace', dbtNamespace.name, 'Namespace the dbt pods of the batch run in');
    output('api_server_service', `${airflow.release.release.name}-api-server`, 'Service of the Airflow UI and API (port 8080, inside the VPC)');
    output('airflow_image', airflowImage.reference, 'The Airflow image every component runs, by digest');
    output('dbt_image', dbtImage.reference, 'The dbt image the batch runs (Variable platform_dbt_image), by digest');
    output('dag_objects', Object.fromEntries(dagFiles.files.map((file) => [file.key, file.sha256])), 'Object key and SHA-256 of every file shipped from dags/ to the DAG bucket');
    output('task_logs_location', `s3://${buckets.logs.bucketName}/${FOLDERS.taskLogs}`, 'Where task logs are written when each try ends');
    output('secrets_backend_prefixes', { connections: this.names.secretName(FOLDERS.connections), variables: this.names.secretName(FOLDERS.variables) }, 'Secrets Manager prefixes the secrets backend reads Connections and Variables from');
    output(
      'service_account_role_arns',
      { ...Object.fromEntries(Object.entries(roles).map(([component, role]) => [component, role.roleArn])), dbt: dbtRole.roleArn },
      'IAM role of each service account (IRSA)',
    );
  }
}
