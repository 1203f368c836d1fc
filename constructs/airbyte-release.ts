import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { LoadBalancerScheme } from '../config/sections/airbyte';
import type { AirbyteSizing } from '../config/sizing/airbyte';
import { DataKubernetesServiceV1 } from '../providers/kubernetes';
import { credentialVersionsAnnotation } from './credential-versions';
import { HelmChart } from './helm-chart';
import { resourceQuantities } from './pod-resources';
import type { WorkloadPlacement } from './workload-placement';

/** The V2 chart's repository; the chart's version is pinned in config (`airbyte.chartVersion`). */
export const AIRBYTE_CHART_REPOSITORY = 'https://airbytehq.github.io/charts';

/** The port of the server's Service and container (the chart's `server.service.port`), where the APIs and the UI are served. */
export const AIRBYTE_SERVER_PORT = 8001;

/** The service account every Airbyte pod and job pod runs as (the chart's `global.serviceAccountName`); its IRSA role is theirs. */
export const AIRBYTE_SERVICE_ACCOUNT = 'airbyte-admin';

/**
 * The keys of the Secret the bootloader reads the instance admin from (the chart's bootstrap
 * secret, `global.auth.secretName`), each with the property of the platform's
 * `airbyte/instance-admin` secret it takes. The bootloader copies them into the Secret it manages
 * for the server (`airbyte-auth-secrets`), next to the data-plane credentials it writes there.
 */
export const INSTANCE_ADMIN_SECRET_KEYS = {
  AB_INSTANCE_ADMIN_PASSWORD: 'instance-admin-password',
  AB_INSTANCE_ADMIN_CLIENT_ID: 'instance-admin-client-id',
  AB_INSTANCE_ADMIN_CLIENT_SECRET: 'instance-admin-client-secret',
  AB_JWT_SIGNATURE_SECRET: 'jwt-signature-secret',
} as const;

/** The keys of the database Secret: those of the platform's role secrets (`{host, port, database, username, password}`). */
export const DATABASE_SECRET_KEYS = { username: 'username', password: 'password' } as const;

/** The chart's components that run pods; each is placed with `placement`. */
const PLATFORM_COMPONENTS = ['server', 'worker', 'workloadLauncher', 'workloadApiServer', 'cron', 'temporal', 'airbyteBootloader', 'manifestServer'] as const;

export interface AirbyteReleaseProps {
  /** Namespace to install into (a reference, so it exists first). */
  readonly namespace: string;
  /** Exact version of `airbyte-v2/airbyte`. */
  readonly chartVersion: string;
  /** Helm release name; the server's Service is `<name>-airbyte-server-svc`. @default "airbyte" */
  readonly releaseName?: string;
  /** Airbyte's own PostgreSQL database (external: RDS). */
  readonly database: {
    readonly host: string;
    readonly port: number;
    readonly name: string;
    /** Kubernetes Secret in the namespace holding `DATABASE_SECRET_KEYS`. */
    readonly credentialsSecret: string;
  };
  /** S3 bucket for logs, state, workload output and activity payloads, reached through IRSA. */
  readonly storage: { readonly bucketName: string; readonly region: string };
  /** IAM role the pods' service account assumes (IRSA). */
  readonly serviceAccountRoleArn: string;
  /** Kubernetes Secret in the namespace holding `INSTANCE_ADMIN_SECRET_KEYS`. */
  readonly instanceAdminSecret: string;
  /**
   * The rotation version of each credential the pods read (e.g. `{ database: 1, 'instance-admin': 1 }`):
   * a pod annotation of every component, so raising one restarts the pods (and reruns the
   * bootloader) with the new value.
   */
  readonly credentialVersions: Readonly<Record<string, number>>;
  /** Node selector and tolerations of the platform's components and every job pod (the ingestion nodes). */
  readonly placement: WorkloadPlacement;
  /** Concurrency and pod sizes, from the capacity plan. */
  readonly sizing: AirbyteSizing;
  /** The server's load balancer: its scheme and the address ranges it admits (never empty). */
  readonly loadBalancer: { readonly scheme: LoadBalancerScheme; readonly sourceRanges: readonly string[] };
  /** Minutes Helm waits for the release. @default 20 */
  readonly timeoutMinutes?: number;
  /** What must exist before the release: the Secrets it reads. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Airbyte from the V2 chart, configured from typed props only: its database on RDS and its
 * storage on S3 (no bundled PostgreSQL or MinIO), credentials from Kubernetes Secrets (never in
 * values), auth on, every pod on the ingestion nodes, concurrency from the capacity plan, and the
 * server behind an NLB of the AWS Load Balancer Controller. The release waits until every pod is
 * ready and the load balancer has a host name, which `serverHostname` reads.
 */
export class AirbyteRelease extends Construct {
  readonly release: HelmChart['release'];
  /** `<release>-airbyte-server-svc`, the server's Service in the namespace. */
  readonly serverServiceName: string;
  /** Host name of the server's load balancer (known once it exists). */
  readonly serverHostname: string;
  /** Chart values as the release writes them, for tests and documentation. */
  readonly values: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: AirbyteReleaseProps) {
    super(scope, id);
    if (props.loadBalancer.sourceRanges.length === 0) throw new Error(`AirbyteRelease ${id}: loadBalancer.sourceRanges must list at least one range; a load balancer without them admits every address`);
    const { sizing } = props;
    if (sizing.workerReplicas * sizing.maxSyncWorkers < sizing.concurrentSyncs) {
      throw new Error(`AirbyteRelease ${id}: sizing: ${sizing.workerReplicas} workers x ${sizing.maxSyncWorkers} syncs each cannot run ${sizing.concurrentSyncs} syncs at once`);
    }
    const releaseName = props.releaseName ?? 'airbyte';
    this.serverServiceName = `${releaseName}-airbyte-server-svc`;
    const chart = new HelmChart(this, 'chart', {
      name: releaseName,
      namespace: props.namespace,
      repository: AIRBYTE_CHART_REPOSITORY,
      chart: 'airbyte',
      version: props.chartVersion,
      valuesFile: 'airbyte.yaml',
      values: chartValues(props),
      timeoutMinutes: props.timeoutMinutes ?? 20,
      ...(props.dependsOn?.length ? { dependsOn: props.dependsOn } : {}),
    });
    this.release = chart.release;
    this.values = chart.values;

    // Helm's wait holds the release until the LoadBalancer Service has an ingress; read its host name after it.
    const service = new DataKubernetesServiceV1(this, 'server-service', {
      metadata: { name: this.serverServiceName, namespace: props.namespace },
      dependsOn: [chart.release],
      lifecycle: {
        postcondition: [
          {
            condition: '${try(self.status[0].load_balancer[0].ingress[0].hostname, "") != ""}',
            errorMessage: `Service ${this.serverServiceName} has no load balancer host name: check the AWS Load Balancer Controller's logs (kubectl -n kube-system logs deploy/aws-load-balancer-controller) and the Service's events (kubectl -n airbyte describe svc ${this.serverServiceName}).`,
          },
        ],
      },
    });
    this.serverHostname = service.status.get(0).loadBalancer.get(0).ingress.get(0).hostname;
  }
}

/** The values that complete helm-values/airbyte.yaml: names, references and sizes (test/stacks/airbyte.test.ts holds every key to the chart's defaults). */
function chartValues(props: AirbyteReleaseProps): Record<string, unknown> {
  const { sizing, placement } = props;
  const job = resourceQuantities(sizing.jobContainer);
  // Memory limit = request, so a sync pod never takes memory the plan gave to another; CPU may burst.
  const jobResources = { cpu: { request: job.cpu }, memory: { request: job.memory, limit: job.memory } };
  const placed = { nodeSelector: placement.nodeSelector, tolerations: placement.tolerations, podAnnotations: credentialVersionsAnnotation(props.credentialVersions) };
  const components = Object.fromEntries(PLATFORM_COMPONENTS.map((component) => [component, placed]));
  const bucket = props.storage.bucketName;
  return {
    global: {
      auth: { secretName: props.instanceAdminSecret },
      database: {
        host: props.database.host,
        // A string, so the values stay JSON when the port is a reference; the chart reads it either way.
        port: Token.asString(props.database.port),
        name: props.database.name,
        secretName: props.database.credentialsSecret,
      },
      storage: {
        bucket: { log: bucket, state: bucket, workloadOutput: bucket, activityPayload: bucket, auditLogging: bucket },
        s3: { region: props.storage.region },
      },
      jobs: { kube: { nodeSelector: placement.nodeSelector, tolerations: placement.tolerations } },
      workloads: { resources: { mainContainer: jobResources, replication: jobResources } },
    },
    serviceAccount: { name: AIRBYTE_SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': props.serviceAccountRoleArn } },
    ...components,
    server: {
      ...components.server,
      service: {
        port: AIRBYTE_SERVER_PORT,
        annotations: {
          'service.beta.kubernetes.io/aws-load-balancer-scheme': props.loadBalancer.scheme,
          'service.beta.kubernetes.io/load-balancer-source-ranges': props.loadBalancer.sourceRanges.join(','),
        },
      },
    },
    worker: {
      ...components.worker,
      replicaCount: sizing.workerReplicas,
      maxSyncWorkers: sizing.maxSyncWorkers,
      resources: { requests: resourceQuantities(sizing.worker) },
    },
    // The launcher starts as many job pods at once as the plan runs syncs (the chart's default is 10).
    workloadLauncher: { ...components.workloadLauncher, parallelism: sizing.concurrentSyncs },
  };
}
