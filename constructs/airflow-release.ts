import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { nameProblem } from '../config/naming';
import type { ComponentResources } from '../config/sections/airflow';
import type { PodResources } from '../config/sizing/assumptions';
import { CREDENTIAL_VERSIONS_ANNOTATION } from './airbyte-release';
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

/** The official image's user: its uid, and gid 0 (the image's files are group-0 writable). */
const AIRFLOW_UID = 50000;

/** Seconds a finished migration or user Job is kept: long enough to read a failure, short enough to be gone by the next deploy. */
const JOB_TTL_SECONDS = 60;

/** The DAG bundle class of the Amazon provider that stages a bucket folder on every component that runs DAG code. */
const S3_DAG_BUNDLE = 'airflow.providers.amazon.aws.bundles.s3.S3DagBundle';

/** Airflow's Secrets Manager backend (Amazon provider). */
const SECRETS_MANAGER_BACKEND = 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend';

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
  /** Secrets Manager name prefixes the secrets backend looks Connections, Variables and config up under, each ending with `/`. */
  readonly secretsBackend: { readonly connectionsPrefix: string; readonly variablesPrefix: string; readonly configPrefix: string };
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
  /** The values given to the chart, as the chart's JSON schema checks them. */
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

    this.values = chartValues(props);
    this.release = new HelmChart(this, 'chart', {
      name: 'airflow',
      namespace: props.namespace,
      repository: AIRFLOW_CHART.repository,
      chart: AIRFLOW_CHART.chart,
      version: props.chartVersion,
      values: this.values,
      dependsOn: props.dependsOn,
      timeoutMinutes: props.timeoutMinutes ?? 15,
    });
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
    executor: 'KubernetesExecutor',
    airflowPodAnnotations: {
      [CREDENTIAL_VERSIONS_ANNOTATION]: Object.entries(props.credentialVersions)
        .map(([credential, version]) => `${credential}=${version}`)
        .join(','),
    },
    nodeSelector: { ...props.placement.nodeSelector },
    tolerations: props.placement.tolerations.map((toleration) => ({ ...toleration })),
    securityContexts: {
      pod: { runAsUser: AIRFLOW_UID, runAsGroup: 0, fsGroup: 0, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
    env: Object.entries(environment).map(([name, value]) => ({ name, value })),
    data: { metadataSecretName: props.secrets.metadataConnection },
    fernetKeySecretName: props.secrets.fernetKey,
    apiSecretKeySecretName: props.secrets.apiSecretKey,
    jwtSecretName: props.secrets.jwtSecret,
    postgresql: { enabled: false },
    redis: { enabled: false },
    pgbouncer: { enabled: false },
    // No metrics backend scrapes it yet, and its exporter image is pulled by tag.
    statsd: { enabled: false },
    scheduler: { serviceAccount: serviceAccount(identities.scheduler), resources: requests(resources.scheduler) },
    apiServer: { serviceAccount: serviceAccount(identities.apiServer), resources: requests(resources.apiServer) },
    dagProcessor: {
      enabled: true,
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
    // Task logs go to the bucket, so the triggerer keeps no volume of its own.
    triggerer: { enabled: true, serviceAccount: serviceAccount(identities.triggerer), resources: requests(resources.triggerer), persistence: { enabled: false } },
    workers: {
      // The deprecated section still names the service account other templates bind; the chart creates it from `kubernetes`.
      serviceAccount: { create: false, name: identities.worker.serviceAccount },
      kubernetes: { serviceAccount: serviceAccount(identities.worker), resources: requests(props.taskPod) },
    },
    // As plain resources, not Helm hooks: a post-install hook never runs while Helm waits for the
    // pods, and the pods wait for the migration (the chart documents this for Terraform and Argo CD).
    // A finished Job goes after a minute, so the next deploy creates it afresh (and runs it again)
    // instead of patching its template, which Kubernetes refuses.
    migrateDatabaseJob: { useHelmHooks: false, ttlSecondsAfterFinished: JOB_TTL_SECONDS },
    createUserJob: {
      useHelmHooks: false,
      ttlSecondsAfterFinished: JOB_TTL_SECONDS,
      args: [
        'bash',
        '-c',
        // Creating an existing user changes nothing, so the password is set again: a rotated secret takes effect at the next deploy.
        'airflow users create --role Admin --username "$ADMIN_USERNAME" --email "$ADMIN_EMAIL" --firstname Platform --lastname Admin --password "$ADMIN_PASSWORD" && exec airflow users reset-password --username "$ADMIN_USERNAME" --password "$ADMIN_PASSWORD"',
      ],
      env: [
        { name: 'ADMIN_USERNAME', value: admin.username },
        { name: 'ADMIN_EMAIL', value: admin.email },
        { name: 'ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: props.secrets.adminPassword, key: 'password' } } },
      ],
    },
    config: {
      core: { parallelism: props.parallelism },
      logging: {
        remote_logging: 'True',
        remote_base_log_folder: `s3://${storage.logs.bucketName}/${storage.logs.prefix.slice(0, -1)}`,
        remote_log_conn_id: AWS_CONNECTION_ID,
        delete_local_logs: 'True',
      },
      secrets: {
        backend: SECRETS_MANAGER_BACKEND,
        backend_kwargs: JSON.stringify({
          connections_prefix: storage.secretsBackend.connectionsPrefix.slice(0, -1),
          variables_prefix: storage.secretsBackend.variablesPrefix.slice(0, -1),
          config_prefix: storage.secretsBackend.configPrefix.slice(0, -1),
          connections_lookup_pattern: everyNameBut(namesFromEnvironment(environment, ENVIRONMENT_PREFIXES.connections)),
          variables_lookup_pattern: everyNameBut(namesFromEnvironment(environment, ENVIRONMENT_PREFIXES.variables)),
          region_name: props.region,
        }),
      },
      kubernetes_executor: { worker_container_repository: image.repositoryUrl, worker_container_tag: taskImageTag },
    },
  };
}
