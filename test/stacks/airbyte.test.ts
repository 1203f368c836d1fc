import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config';
import { platformSizing } from '../../config/sizing';
import { AIRBYTE_CHART_REPOSITORY, AIRBYTE_SERVICE_ACCOUNT, INSTANCE_ADMIN_SECRET_KEYS } from '../../constructs/airbyte-release';
import { WORKLOAD_PLACEMENT } from '../../constructs/workload-placement';
import { CLUSTER_SECRET_STORE } from '../../stacks/cluster-addons';
import { ChartDefaults, valuePaths } from '../support/chart-values';
import { kubernetesObjectsOf, schemaProblems } from '../support/kubernetes-objects';
import { withReferenceFile } from '../support/reference-files';
import { addressOf, resourcesOf, statementsOf, synthPlatform, type SynthesizedPlatform, type SynthesizedStack } from '../support/synth';
import { helmValuesOf } from '../support/helm';

const config = loadConfig({ env: 'dev' });
const sizing = platformSizing(config).airbyte;
let platform: SynthesizedPlatform;
let airbyte: SynthesizedStack;

/** Chart version whose default values ../shared/reference/airbyte-chart-v2-values.yaml holds. */
const REFERENCE_CHART_VERSION = '2.2.0';

/**
 * Keys the pinned chart's templates read that its values.yaml neither sets nor shows: each is
 * named with the template of chart 2.2.0 that reads it.
 */
const TEMPLATE_ONLY_KEYS: Readonly<Record<string, string>> = {
  // The bootloader's input Secret for the instance admin (default: the chart's own <release>-airbyte-secrets).
  'global.auth.secretName': 'templates/config/_auth.tpl, airbyte.auth.bootstrap.secretName',
  // WORKLOAD_LAUNCHER_PARALLELISM, `| default 10`.
  'workloadLauncher.parallelism': 'templates/config/_workloadLauncher.tpl, airbyte.workloadLauncher.parallelism',
  // Its Deployment's pod annotations, as every other component has them in the defaults.
  'workloadApiServer.podAnnotations': 'templates/airbyte-workload-api-server/deployment.yaml',
};

/** The template-only key `path` falls under, if any (a map's keys are the user's). */
function templateOnlyKey(path: readonly string[]): string | undefined {
  return Object.keys(TEMPLATE_ONLY_KEYS).find((key) => path.join('.') === key || path.join('.').startsWith(`${key}.`));
}

const REMOTE = (stack: string) => `\${data.terraform_remote_state.cross-stack-reference-input-${stack}.outputs.cross-stack-output-`;

beforeAll(() => {
  platform = synthPlatform({ env: 'dev' });
  airbyte = platform.stack('airbyte');
});

function release(): Record<string, any> {
  const [only] = resourcesOf(airbyte, 'helm_release');
  return only;
}

function values(): Record<string, any> {
  return helmValuesOf(release());
}

function externalSecret(name: string): Record<string, any> {
  const found = resourcesOf(airbyte, 'kubernetes_manifest').find((manifest) => manifest.manifest.metadata.name === name);
  if (!found) throw new Error(`no ExternalSecret ${name}`);
  return found;
}

describe('airbyte stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(airbyte.json).toMatchSnapshot();
  });

  it('deploys after the cluster, its add-ons, the database and the secrets it reads, and before airbyte-connections', () => {
    expect([...platform.manifest.stacks.airbyte.dependencies].sort()).toEqual(['cluster-addons', 'eks', 'network', 'postgres', 'postgres-bootstrap', 'secrets', 'storage']);
    expect(platform.manifest.stacks['airbyte-connections'].dependencies).toContain('airbyte');
  });

  it('installs the V2 chart at the version pinned in config, waiting for every pod and rolling back a failed install', () => {
    expect(release()).toMatchObject({
      name: 'airbyte',
      repository: AIRBYTE_CHART_REPOSITORY,
      chart: 'airbyte',
      version: config.airbyte.chartVersion,
      wait: true,
      atomic: true,
      cleanup_on_fail: true,
      timeout: config.airbyte.releaseTimeoutMinutes * 60,
    });
    expect(AIRBYTE_CHART_REPOSITORY).toBe('https://airbytehq.github.io/charts');
    expect(release().namespace).toMatch(/^\$\{kubernetes_namespace_v1\.[^.]+\.metadata\[0\]\.name\}$/);
  });

  describe('chart values against the pinned chart', () => {
    withReferenceFile('airbyte-chart-v2-values.yaml', 'every chart value the airbyte stack sets exists in the pinned V2 chart', (path) => {
      let chart: ChartDefaults;
      beforeAll(() => {
        chart = new ChartDefaults(readFileSync(path, 'utf8'));
      });

      it('pins the chart version whose default values the reference holds', () => {
        expect(config.airbyte.chartVersion).toBe(REFERENCE_CHART_VERSION);
      });

      it('sets only keys the chart documents, and names every key it shows only as an example or reads only in a template', () => {
        const byKind = new Map<string, string[]>();
        for (const keyPath of valuePaths(values())) {
          const dotted = keyPath.join('.');
          const kind = chart.documents(keyPath) ?? (templateOnlyKey(keyPath) ? 'template only' : 'undocumented');
          byKind.set(kind, [...(byKind.get(kind) ?? []), kind === 'template only' ? templateOnlyKey(keyPath)! : dotted]);
        }
        expect(byKind.get('undocumented') ?? []).toEqual([]);
        expect(byKind.get('commented example')?.sort()).toEqual([
          'global.database.passwordSecretKey',
          'global.database.userSecretKey',
          'global.storage.s3.authenticationType',
          'global.storage.s3.region',
        ]);
        expect(byKind.get('template only')?.sort()).toEqual(Object.keys(TEMPLATE_ONLY_KEYS).sort());
      });

      it('still needs each template-only key: the defaults do not list it (drop the exception when a chart upgrade adds it)', () => {
        for (const key of Object.keys(TEMPLATE_ONLY_KEYS)) expect([key, chart.documents(key.split('.'))]).toEqual([key, undefined]);
      });
    });
  });

  it('uses the RDS database and S3, never the bundled PostgreSQL or MinIO, with no credential in the values', () => {
    const { global, postgresql, minio } = values();
    expect(postgresql).toEqual({ enabled: false });
    expect(minio).toEqual({ enabled: false });
    expect(global.database).toEqual({
      type: 'external',
      host: expect.stringContaining(`${REMOTE('postgres')}aws_db_instance`),
      port: expect.stringContaining(`${REMOTE('postgres')}aws_db_instance`),
      name: expect.stringContaining(`${REMOTE('postgres-bootstrap')}postgresql_databaseairbyte-database`),
      secretName: 'airbyte-database',
      userSecretKey: 'username',
      passwordSecretKey: 'password',
    });
    const bucket = expect.stringContaining(`${REMOTE('storage')}aws_s3_bucketairbyte-bucket`);
    expect(global.storage).toEqual({
      type: 's3',
      bucket: { log: bucket, state: bucket, workloadOutput: bucket, activityPayload: bucket, auditLogging: bucket },
      s3: { region: config.region, authenticationType: 'instanceProfile' },
    });
    const credentialKeys = valuePaths(values()).filter((keyPath) => /^(password|user|accessKeyId|secretAccessKey|clientId|clientSecret|jwtSignatureSecret)$/.test(keyPath[keyPath.length - 1]));
    expect(credentialKeys).toEqual([]);
  });

  it('syncs the database credentials from the bootstrap\'s airbyte secret, keys only, through the ClusterSecretStore', () => {
    const { manifest, wait } = externalSecret('airbyte-database');
    expect(manifest.metadata.annotations).toEqual({ 'force-sync': String(config.postgres.passwordVersions.airbyte) });
    expect(manifest.spec).toMatchObject({ secretStoreRef: { kind: 'ClusterSecretStore', name: CLUSTER_SECRET_STORE }, target: { name: 'airbyte-database', creationPolicy: 'Owner' } });
    expect(manifest.spec.data.map((entry: any) => [entry.secretKey, entry.remoteRef.property])).toEqual([
      ['username', 'username'],
      ['password', 'password'],
    ]);
    for (const entry of manifest.spec.data) expect(entry.remoteRef.key).toContain(`${REMOTE('postgres')}aws_secretsmanager_secretairbyte-role-secret`);
    expect(wait).toEqual({ condition: [{ type: 'Ready', status: 'True' }] });
  });

  it('turns auth on, the instance admin and its client credentials synced from the generated airbyte/instance-admin secret', () => {
    expect(values().global.auth).toEqual({ enabled: true, secretName: 'airbyte-instance-admin' });
    const { manifest, wait } = externalSecret('airbyte-instance-admin');
    expect(manifest.metadata.annotations).toEqual({ 'force-sync': String(config.secrets.generatedVersions.airbyteInstanceAdmin) });
    expect(Object.fromEntries(manifest.spec.data.map((entry: any) => [entry.secretKey, entry.remoteRef.property]))).toEqual(INSTANCE_ADMIN_SECRET_KEYS);
    for (const entry of manifest.spec.data) expect(entry.remoteRef.key).toContain(`${REMOTE('secrets')}aws_secretsmanager_secretairbyteInstanceAdmin`);
    expect(wait).toEqual({ condition: [{ type: 'Ready', status: 'True' }] });
    expect(Object.values(INSTANCE_ADMIN_SECRET_KEYS).sort()).toEqual(['instance-admin-client-id', 'instance-admin-client-secret', 'instance-admin-password', 'jwt-signature-secret']);
  });

  it('installs the release only once both Secrets are synced', () => {
    const manifests = resourcesOf(airbyte, 'kubernetes_manifest').map((manifest) => addressOf(airbyte, 'kubernetes_manifest', manifest));
    expect([...release().depends_on].sort()).toEqual(manifests.sort());
  });

  it('gives the pods one IRSA role, trusted by the chart\'s service account only, that reads and writes the Airbyte bucket and nothing else', () => {
    const [role] = resourcesOf(airbyte, 'aws_iam_role');
    const [trust] = statementsOf(airbyte, role.assume_role_policy);
    const subject = trust.condition.find((condition: any) => condition.variable.endsWith(':sub'));
    expect(subject.values).toEqual([`system:serviceaccount:airbyte:${AIRBYTE_SERVICE_ACCOUNT}`]);
    expect(values().serviceAccount).toEqual({ create: true, name: AIRBYTE_SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': `\${${addressOf(airbyte, 'aws_iam_role', role)}.arn}` } });
    const [policy] = resourcesOf(airbyte, 'aws_iam_role_policy');
    const statements = statementsOf(airbyte, policy.policy);
    expect(statements.flatMap((statement) => statement.actions).sort()).toEqual(
      ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 's3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetBucketLocation', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListMultipartUploadParts', 's3:PutObject'].sort(),
    );
    for (const statement of statements) for (const resource of statement.resources) expect(resource).toMatch(/airbyte-bucket|platform-key/);
  });

  it('connects Temporal to RDS over TLS, which the instance\'s rds.force_ssl requires', () => {
    const env = Object.fromEntries(values().temporal.extraEnv.map(({ name, value }: { name: string; value: string }) => [name, value]));
    expect(env).toEqual({ POSTGRES_TLS_ENABLED: 'true', POSTGRES_TLS_DISABLE_HOST_VERIFICATION: 'true', SQL_TLS_ENABLED: 'true', SQL_HOST_VERIFICATION: 'false' });
  });

  it('runs every Airbyte component and every job pod on the ingestion nodes', () => {
    const placement = WORKLOAD_PLACEMENT.ingestion;
    const all = values();
    expect(all.global.jobs.kube).toEqual({ nodeSelector: placement.nodeSelector, tolerations: placement.tolerations });
    for (const component of ['server', 'worker', 'workloadLauncher', 'workloadApiServer', 'cron', 'temporal', 'airbyteBootloader', 'manifestServer']) {
      expect([component, all[component].nodeSelector, all[component].tolerations]).toEqual([component, placement.nodeSelector, placement.tolerations]);
    }
    expect(placement).toEqual({ nodeSelector: { 'data-platform/workload': 'ingestion' }, tolerations: [{ key: 'data-platform/workload', operator: 'Equal', value: 'ingestion', effect: 'NoSchedule' }] });
  });

  it('takes concurrency and pod sizes from the capacity plan', () => {
    const { worker, workloadLauncher, global } = values();
    expect(worker).toMatchObject({ replicaCount: sizing.workerReplicas, maxSyncWorkers: sizing.maxSyncWorkers, resources: { requests: { cpu: '1', memory: '2Gi' } } });
    expect(workloadLauncher.parallelism).toBe(sizing.concurrentSyncs);
    expect(sizing.workerReplicas * sizing.maxSyncWorkers).toBeGreaterThanOrEqual(sizing.concurrentSyncs);
    const job = { cpu: { request: '1' }, memory: { request: '2Gi', limit: '2Gi' } };
    expect(global.workloads.resources).toEqual({ mainContainer: job, replication: job });
    expect([sizing.jobContainer, sizing.worker]).toEqual([
      { cpu: 1, memoryGib: 2 },
      { cpu: 1, memoryGib: 2 },
    ]);
  });

  it('exposes the server through an internal NLB of the load balancer controller, open to adminCidrs and the VPC only', () => {
    expect(values().server.service).toEqual({
      type: 'LoadBalancer',
      port: 8001,
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
        'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=false',
        // dev lists no adminCidrs: the VPC alone.
        'service.beta.kubernetes.io/load-balancer-source-ranges': `${REMOTE('network')}aws_vpcnetwork_vpc_4E8F0223cidr_block}`,
      },
    });
    expect(config.adminCidrs).toEqual([]);
  });

  it('outputs the server URL only from the load balancer\'s host name, read after the release has waited for it', () => {
    const [service] = Object.entries(airbyte.json.data!.kubernetes_service_v1);
    const [name, data] = service;
    expect(data.depends_on).toEqual([`helm_release.${Object.keys(airbyte.json.resource.helm_release)[0]}`]);
    expect(data.metadata.name).toBe('airbyte-airbyte-server-svc');
    expect(data.lifecycle.postcondition[0].condition).toBe('${try(self.status[0].load_balancer[0].ingress[0].hostname, "") != ""}');
    const outputs = airbyte.json.output!;
    expect(outputs.server_url.value).toBe(`http://\${data.kubernetes_service_v1.${name}.status[0].load_balancer[0].ingress[0].hostname}:8001`);
    expect(outputs.api_url.value).toBe(`http://\${data.kubernetes_service_v1.${name}.status[0].load_balancer[0].ingress[0].hostname}:8001/api/public/v1`);
    expect(outputs.internal_api_url.value).toBe('http://airbyte-airbyte-server-svc.airbyte.svc.cluster.local:8001/api/public/v1');
    for (const [outputName, output] of Object.entries(outputs)) if (!outputName.startsWith('cross-stack-output-')) expect((output.description ?? '').length).toBeGreaterThan(20);
  });

  it('creates the airbyte namespace with default-deny and the platform\'s traffic rules for it', () => {
    expect(resourcesOf(airbyte, 'kubernetes_namespace_v1').map((namespace) => namespace.metadata.name)).toEqual(['airbyte']);
    expect(resourcesOf(airbyte, 'kubernetes_network_policy_v1').map((policy) => policy.metadata.name).sort()).toEqual([
      'allow-api-from-airflow',
      'allow-api-from-vpc',
      'allow-dns',
      'allow-https-out',
      'allow-postgres-in-vpc',
      'allow-within-namespace',
      'default-deny',
    ]);
  });

  it('writes only Kubernetes objects valid against the Kubernetes and External Secrets schemas', () => {
    const objects = kubernetesObjectsOf(airbyte);
    expect(objects.filter((entry) => entry.object.kind === 'ExternalSecret')).toHaveLength(2);
    expect(schemaProblems(objects)).toEqual([]);
  });
});

describe('airbyte configuration', () => {
  it('keeps prod\'s server off the internet and refuses a V1 chart', () => {
    expect(() => loadConfig({ env: 'prod', overrides: { airbyte: { server: { loadBalancerScheme: 'internet-facing' } } } })).toThrow(
      /airbyte\.server\.loadBalancerScheme: "internet-facing" puts the Airbyte API on the internet; prod requires "internal"/,
    );
    expect(loadConfig({ env: 'dev', overrides: { airbyte: { server: { loadBalancerScheme: 'internet-facing' } } } }).airbyte.server.loadBalancerScheme).toBe('internet-facing');
    expect(() => loadConfig({ env: 'dev', overrides: { airbyte: { chartVersion: '1.9.2' } } })).toThrow(/airbyte\.chartVersion: must be a V2 chart \(2\.x or later\)/);
  });
});
