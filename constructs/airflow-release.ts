import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { nameProblem } from '../config/naming';
import type { ComponentResources } from '../config/sections/airflow';
import type { PodResources } from '../config/sizing/assumptions';
import { credentialVersionsAnnotation } from './credential-versions';
import { HelmChart } from './helm-chart';
import { resourceQuantities } from './pod-resources';
import type { WorkloadPlacement } from './workload-placement';

/** The official chart's repository and name. */
export const AIRFLOW_CHART = { repository: 'https://airflow.apache.org', chart: 'airflow' } as const;

/** The Airflow processes the release runs; `worker` is a KubernetesExecutor task pod. */
export const AIRFLOW_COMPONENTS = ['scheduler', 'apiServer', 'dagProcessor', 'triggerer', 'worker'] as const;
export type AirflowComponent = (typeof AIRFLOW_COMPONENTS)[number];

/** The always-on components, which run as Deployments with their own requests. */
export type AlwaysOnComponent = Exclude<AirflowComponent, 'worker'>;

/** The DAG bundle class of the Amazon provider that stages a bucket folder on every component that runs DAG code. */
const S3_DAG_BUNDLE = 'airflow.providers.amazon.aws.bundles.s3.S3DagBundle';

/** The connection id AWS hooks use by default; the release defines it in the environment (IRSA credentials, the region). */
export const AWS_CONNECTION_ID = 'aws_default';

/** How Airflow reads a Connection or Variable from the environment: `AIRFLOW_CONN_<ID>`, `AIRFLOW_VAR_<KEY>`. */
const ENVIRONMENT_PREFIXES = { connections: 'AIRFLOW_CONN_', variables: 'AIRFLOW_VAR_' } as const;

/** A component's Kubernetes service account, and the IAM role it assumes through IRSA, if any. */
export interface ComponentIdentity {
  /** Service account name (RFC 1123 label); the chart creates it. */
  readonly serviceAccount: string;
  /** IAM role ARN for the `eks.amazonaws.com/role-arn` annotation. @default none: the component calls no AWS API */
  readonly roleArn?: string;
}

/** Names of the Kubernetes Secrets (synced by External Secrets) the chart reads instead of making its own. */
export interface AirflowReleaseSecrets {
  /** Key `connection`: the metadata database's SQLAlchemy URL. */
  readonly metadataConnection: string;
  /** Key `fernet-key`. */
  readonly fernetKey: string;
  /** Key `api-secret-key`. */
  readonly apiSecretKey: string;
  /** Key `jwt-secret`. */
  readonly jwtSecret: string;
  /** Key `password`: the first admin's password. */
  readonly adminPassword: string;
}

/** Where each kind of thing Airflow keeps is read from or written to. */
export interface AirflowStorage {
  /** Bucket and folder (`dags/`) holding the DAG files, one object per file. */
  readonly dags: { readonly bucketName: string; readonly prefix: string; readonly refreshSeconds: number };
  /** Bucket and folder task logs are written to when a task ends. */
  readonly logs: { readonly bucketName: string; readonly prefix: string };
  /** Secrets Manager name prefixes the secrets backend looks Connections and Variables up under, each ending with `/`. */
  readonly secretsBackend: { readonly connectionsPrefix: string; readonly variablesPrefix: string };
}

export interface AirflowReleaseProps {
  /** Namespace of the release (it must exist, with its traffic rules). */
  readonly namespace: string;
  /** AWS region of the buckets and secrets. */
  readonly region: string;
  /** Exact chart version (config `airflow.chartVersion`). */
  readonly chartVersion: string;
  /** Airflow in the image: the chart's `airflowVersion` and `defaultAirflowTag`. */
  readonly airflowVersion: string;
  /** The Airflow image by digest: repository URL and `sha256:…`. */
  readonly image: { readonly repositoryUrl: string; readonly digest: string };
  readonly secrets: AirflowReleaseSecrets;
  readonly storage: AirflowStorage;
  /** Each component's service account and IAM role. */
  readonly identities: Readonly<Record<AirflowComponent, ComponentIdentity>>;
  /** Node group every Airflow pod runs on (task pods and jobs included). */
  readonly placement: WorkloadPlacement;
  /** Requests of the always-on components; memory is also their limit. */
  readonly resources: Readonly<Record<AlwaysOnComponent, ComponentResources>>;
  /** Requests of one task pod; memory is also its limit. */
  readonly taskPod: PodResources;
  /** Task pods running at once (`core.parallelism`). */
  readonly parallelism: number;
  /**
   * Environment of every Airflow container, task pods included: settings DAGs read, Variables as
   * `AIRFLOW_VAR_<KEY>`, Connections as `AIRFLOW_CONN_<ID>`. The secrets backend skips those keys
   * and ids, so no secret can shadow what the deploy sets and reading them costs no API call. @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** The first UI user, made (or given the current password) at every deploy. */
  readonly admin: { readonly username: string; readonly email: string };
  /**
   * The rotation version of each credential the pods read (e.g. `{ 'fernet-key': 1 }`): a pod
   * annotation of every Airflow pod, so raising one restarts them with the new value.
   */
  readonly credentialVersions: Readonly<Record<string, number>>;
  /** Resources the release must start after, e.g. the synced Secrets it reads. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Minutes to wait for the release: images, migrations and every component ready. @default 15 */
  readonly timeoutMinutes?: number;
}

/**
 * Airflow from the official chart with the KubernetesExecutor (a pod per task, nothing idle
 * between batches): metadata in an external PostgreSQL, every key from a synced Secret (none
 * generated by the chart, so an upgrade never changes one), DAGs staged from a bucket by the
 * Amazon provider's S3 DAG bundle, task logs in a bucket, Connections and Variables from Secrets
 * Manager, each component with its own service account and IAM role, all on one node group,
 * non-root, by image digest. The bundled PostgreSQL, Redis and StatsD are off.
 */
export class AirflowRelease extends Construct {
  readonly release: HelmChart;
  /** Every value given to the chart (helm-values/airflow.yaml completed by the typed values), as the chart's JSON schema checks them. */
  readonly values: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: AirflowReleaseProps) {
    super(scope, id);
    for (const component of AIRFLOW_COMPONENTS) {
      const problem = nameProblem('kubernetesName', props.identities[component].serviceAccount);
      if (problem) throw new Error(`AirflowRelease ${id}: identities.${component}.serviceAccount: ${problem}`);
    }
    if (!Token.isUnresolved(props.image.digest) && !/^sha256:[0-9a-f]{64}$/.test(props.image.digest)) {
      throw new Error(`AirflowRelease ${id}: image.digest must be "sha256:" and 64 hex digits, got "${props.image.digest}"`);
    }
    if (!Number.isInteger(props.parallelism) || props.parallelism < 1) throw new Error(`AirflowRelease ${id}: parallelism must be a whole number from 1, got ${props.parallelism}`);
    const { dags, logs, secretsBackend } = props.storage;
    const folders = { 'storage.dags.prefix': dags.prefix, 'storage.logs.prefix': logs.prefix, ...prefixed('storage.secretsBackend.', secretsBackend) };
    for (const [what, prefix] of Object.entries(folders)) {
      if (!prefix.endsWith('/') || prefix.startsWith('/')) throw new Error(`AirflowRelease ${id}: ${what} must be a folder such as "dags/" (no leading "/", a trailing "/"), got "${prefix}"`);
    }

    this.release = new HelmChart(this, 'chart', {
      name: 'airflow',
      namespace: props.namespace,
      repository: AIRFLOW_CHART.repository,
      chart: AIRFLOW_CHART.chart,
      version: props.chartVersion,
      valuesFile: 'airflow.yaml',
      values: chartValues(props),
      dependsOn: props.dependsOn,
      timeoutMinutes: props.timeoutMinutes ?? 15,
    });
    this.values = this.release.values;
  }
}

function prefixed(start: string, entries: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).map(([key, value]) => [`${start}${key}`, value]));
}

/** A lookup pattern matching every name but `names` (Python `re.match`, as the secrets backend applies it); none when there is nothing to skip. */
function everyNameBut(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  return `^(?!(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$)`;
}

/** The Connection ids or Variable keys the environment defines, as Airflow names them (lower case). */
function namesFromEnvironment(environment: Readonly<Record<string, string>>, prefix: string): string[] {
  return Object.keys(environment)
    .filter((name) => name.startsWith(prefix))
    .map((name) => name.slice(prefix.length).toLowerCase())
    .sort();
}

function requests(resources: PodResources) {
  const quantities = resourceQuantities(resources);
  return { requests: quantities, limits: { memory: quantities.memory } };
}

function serviceAccount(identity: ComponentIdentity) {
  return { create: true, name: identity.serviceAccount, ...(identity.roleArn ? { annotations: { 'eks.amazonaws.com/role-arn': identity.roleArn } } : {}) };
}

/** The values that complete helm-values/airflow.yaml: names, references, sizes and the environment. */
function chartValues(props: AirflowReleaseProps): Record<string, unknown> {
  const { image, storage, identities, resources } = props;
  // AWS hooks (the DAG bundle, remote logging) use aws_default: IRSA credentials and the region, nothing secret.
  const environment: Record<string, string> = {
    ...props.environment,
    [`${ENVIRONMENT_PREFIXES.connections}${AWS_CONNECTION_ID.toUpperCase()}`]: JSON.stringify({ conn_type: 'aws', extra: { region_name: props.region } }),
  };
  // The chart runs the components by digest; task pods get `repository:tag` from the executor's
  // settings, so their tag carries the digest too (`<tag>@sha256:…`, which pins the image).
  const taskImageTag = `${props.airflowVersion}@${image.digest}`;
  const admin = props.admin;
  return {
    airflowVersion: props.airflowVersion,
    defaultAirflowRepository: image.repositoryUrl,
    defaultAirflowTag: props.airflowVersion,
    defaultAirflowDigest: image.digest,
    images: { pod_template: { repository: image.repositoryUrl, tag: taskImageTag } },
    airflowPodAnnotations: credentialVersionsAnnotation(props.credentialVersions),
    nodeSelector: { ...props.placement.nodeSelector },
    tolerations: props.placement.tolerations.map((toleration) => ({ ...toleration })),
    env: Object.entries(environment).map(([name, value]) => ({ name, value })),
    data: { metadataSecretName: props.secrets.metadataConnection },
    fernetKeySecretName: props.secrets.fernetKey,
    apiSecretKeySecretName: props.secrets.apiSecretKey,
    jwtSecretName: props.secrets.jwtSecret,
    scheduler: { serviceAccount: serviceAccount(identities.scheduler), resources: requests(resources.scheduler) },
    apiServer: { serviceAccount: serviceAccount(identities.apiServer), resources: requests(resources.apiServer) },
    dagProcessor: {
      serviceAccount: serviceAccount(identities.dagProcessor),
      resources: requests(resources.dagProcessor),
      dagBundleConfigList: [
        {
          name: 'platform-dags',
          classpath: S3_DAG_BUNDLE,
          kwargs: { aws_conn_id: AWS_CONNECTION_ID, bucket_name: storage.dags.bucketName, prefix: storage.dags.prefix, refresh_interval: storage.dags.refreshSeconds },
        },
      ],
    },
    triggerer: { serviceAccount: serviceAccount(identities.triggerer), resources: requests(resources.triggerer) },
    workers: {
      serviceAccount: { name: identities.worker.serviceAccount },
      kubernetes: { serviceAccount: serviceAccount(identities.worker), resources: requests(props.taskPod) },
    },
    createUserJob: {
      env: [
        { name: 'ADMIN_USERNAME', value: admin.username },
        { name: 'ADMIN_EMAIL', value: admin.email },
        { name: 'ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: props.secrets.adminPassword, key: 'password' } } },
      ],
    },
    config: {
      core: { parallelism: props.parallelism },
      logging: {
        remote_base_log_folder: `s3://${storage.logs.bucketName}/${storage.logs.prefix.slice(0, -1)}`,
        remote_log_conn_id: AWS_CONNECTION_ID,
      },
      secrets: {
        backend_kwargs: JSON.stringify({
          connections_prefix: storage.secretsBackend.connectionsPrefix.slice(0, -1),
          variables_prefix: storage.secretsBackend.variablesPrefix.slice(0, -1),
          // Airflow's own configuration never comes from Secrets Manager (no role may read such a folder).
          config_prefix: null,
          connections_lookup_pattern: everyNameBut(namesFromEnvironment(environment, ENVIRONMENT_PREFIXES.connections)),
          variables_lookup_pattern: everyNameBut(namesFromEnvironment(environment, ENVIRONMENT_PREFIXES.variables)),
          region_name: props.region,
        }),
      },
      kubernetes_executor: { worker_container_repository: image.repositoryUrl, worker_container_tag: taskImageTag },
    },
  };
}
