import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { PlatformSizing } from '../config/sizing';
import { AIRBYTE_SERVER_PORT, AIRBYTE_SERVICE_ACCOUNT, AirbyteRelease, DATABASE_SECRET_KEYS, INSTANCE_ADMIN_SECRET_KEYS } from '../constructs/airbyte-release';
import type { EncryptedSecret } from '../constructs/encrypted-secret';
import { IrsaRole } from '../constructs/irsa-role';
import { PlatformNamespace } from '../constructs/platform-namespace';
import type { SecureBucket } from '../constructs/secure-bucket';
import { SyncedSecret } from '../constructs/synced-secret';
import { WORKLOAD_PLACEMENT } from '../constructs/workload-placement';
import { configureHelm } from '../providers/helm';
import { configureKubernetes, type ClusterConnection } from '../providers/kubernetes';
import { PLATFORM_NAMESPACES, type ClusterAddonsStack } from './cluster-addons';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { DatabaseConnection } from './postgres-bootstrap';
import type { StackDefinition } from './stack-definition';

export interface AirbyteStackProps extends PlatformStackProps {
  /** The eks stack's cluster, for the Helm and Kubernetes providers. */
  readonly cluster: ClusterConnection;
  readonly oidcProviderArn: string;
  /** Without `https://`. */
  readonly oidcIssuer: string;
  /** The cluster's add-ons: the namespace's traffic rules and the ClusterSecretStore; this stack plans after them. */
  readonly clusterAddons: ClusterAddonsStack;
  /** The VPC's range: the server's load balancer admits it next to `adminCidrs`. */
  readonly vpcCidr: string;
  /** The storage stack's Airbyte bucket. */
  readonly storageBucket: SecureBucket;
  /** Airbyte's database: the instance's endpoint and the bootstrap's `airbyte` role and database. */
  readonly database: { readonly host: string; readonly port: number; readonly connection: DatabaseConnection };
  /** The secrets stack's generated `airbyte/instance-admin` secret. */
  readonly instanceAdminSecret: EncryptedSecret;
  /** The capacity plan's slice: concurrency, worker and job pod sizes. */
  readonly sizing: PlatformSizing['airbyte'];
}

/** Kubernetes Secrets External Secrets keeps in the namespace. */
const SECRET_NAMES = { database: 'airbyte-database', instanceAdmin: 'airbyte-instance-admin' } as const;

/**
 * Airbyte on the cluster (aws, helm, kubernetes): its namespace with the platform's traffic
 * rules, an IRSA role for its pods, its database and instance-admin credentials synced from
 * Secrets Manager, and the V2 chart's release, whose server is reached through an internal NLB
 * that admits only `adminCidrs` and the VPC. The server URL is an output only once that load
 * balancer exists.
 */
export class AirbyteStack extends PlatformStack {
  /** `http://<load balancer>:8001`: the UI and the APIs. */
  readonly serverUrl: string;
  /** The public API base the Terraform provider and API clients use, `<serverUrl>/api/public/v1`. */
  readonly apiUrl: string;
  /** The same API inside the cluster (Airflow's connection), through the server's Service. */
  readonly internalApiUrl: string;
  /** The pods' IRSA role, which other stacks grant more to (e.g. reading landed documents). */
  readonly podRoleName: string;
  /** Namespace of Airbyte and its job pods. */
  readonly namespaceName = PLATFORM_NAMESPACES.airbyte;
  /** The server's Service in that namespace. */
  readonly serverServiceName: string;

  constructor(scope: Construct, definition: StackDefinition, props: AirbyteStackProps) {
    super(scope, definition, props);
    const { config, clusterAddons } = props;
    // Its ExternalSecrets need the operator's custom resource definitions at plan time.
    this.addDependency(clusterAddons);
    configureHelm(this, props.cluster);
    configureKubernetes(this, props.cluster);

    const namespace = new PlatformNamespace(this, 'airbyte-namespace', { name: PLATFORM_NAMESPACES.airbyte, traffic: clusterAddons.namespaceTraffic.airbyte });
    const podRole = new IrsaRole(this, 'pod-role', {
      oidcProviderArn: props.oidcProviderArn,
      oidcIssuer: props.oidcIssuer,
      namespace: PLATFORM_NAMESPACES.airbyte,
      serviceAccount: AIRBYTE_SERVICE_ACCOUNT,
      statements: props.storageBucket.grantReadWrite(),
      namePrefix: this.names.rolePrefix('airbyte'),
      description: `Airbyte pods and job pods (service account ${PLATFORM_NAMESPACES.airbyte}/${AIRBYTE_SERVICE_ACCOUNT}) of ${this.baseName}`,
    });
    this.podRoleName = podRole.roleName;

    // A rotation (raising a version) reaches the cluster at once and restarts the pods that read it.
    const credentialVersions = { database: config.postgres.passwordVersions.airbyte, 'instance-admin': config.secrets.generatedVersions.airbyteInstanceAdmin };
    const synced = (id: keyof typeof SECRET_NAMES, remoteSecretName: string, keys: Readonly<Record<string, string>>, version: number) =>
      new SyncedSecret(this, `${id}-secret`, { name: SECRET_NAMES[id], namespace: namespace.name, storeName: clusterAddons.secretStoreName, remoteSecretName, keys, version });
    const databaseSecret = synced('database', props.database.connection.secretName, DATABASE_SECRET_KEYS, credentialVersions.database);
    const instanceAdminSecret = synced('instanceAdmin', props.instanceAdminSecret.secretName, INSTANCE_ADMIN_SECRET_KEYS, credentialVersions['instance-admin']);

    const airbyte = new AirbyteRelease(this, 'release', {
      namespace: namespace.name,
      chartVersion: config.airbyte.chartVersion,
      database: { host: props.database.host, port: props.database.port, name: props.database.connection.database, credentialsSecret: databaseSecret.secretName },
      storage: { bucketName: props.storageBucket.bucketName, region: config.region },
      serviceAccountRoleArn: podRole.roleArn,
      instanceAdminSecret: instanceAdminSecret.secretName,
      credentialVersions,
      placement: WORKLOAD_PLACEMENT.ingestion,
      sizing: props.sizing,
      loadBalancer: { scheme: config.airbyte.server.loadBalancerScheme, sourceRanges: [...config.adminCidrs, props.vpcCidr] },
      timeoutMinutes: config.airbyte.releaseTimeoutMinutes,
      dependsOn: [databaseSecret, instanceAdminSecret],
    });

    this.serverServiceName = airbyte.serverServiceName;
    this.serverUrl = `http://${airbyte.serverHostname}:${AIRBYTE_SERVER_PORT}`;
    this.apiUrl = `${this.serverUrl}/api/public/v1`;
    this.internalApiUrl = `http://${airbyte.serverServiceName}.${PLATFORM_NAMESPACES.airbyte}.svc.cluster.local:${AIRBYTE_SERVER_PORT}/api/public/v1`;

    new TerraformOutput(this, 'server_url', { value: this.serverUrl, description: "Airbyte's UI and APIs, through the server's load balancer (adminCidrs and the VPC only)" });
    new TerraformOutput(this, 'api_url', { value: this.apiUrl, description: 'Public API base for the Terraform provider and API clients' });
    new TerraformOutput(this, 'internal_api_url', { value: this.internalApiUrl, description: 'Public API base inside the cluster (the Airflow connection)' });
    new TerraformOutput(this, 'namespace', { value: namespace.name, description: 'Namespace of Airbyte and its job pods' });
    new TerraformOutput(this, 'pod_role_arn', { value: podRole.roleArn, description: 'IAM role of the Airbyte pods and job pods (IRSA)' });
  }
}
