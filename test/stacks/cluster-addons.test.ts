import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../../config';
import { WORKLOAD_PLACEMENT } from '../../constructs/workload-placement';
import { PlatformNamespace } from '../../constructs/platform-namespace';
import { CLUSTER_SECRET_STORE, DEFAULT_STORAGE_CLASS, PLATFORM_NAMESPACES, platformNamespaceTraffic } from '../../stacks/cluster-addons';
import { kubernetesObjectsOf, schemaProblems, type KubernetesObject } from '../support/kubernetes-objects';
import { stackUnderTest } from '../support/stack-under-test';
import { resourcesOf, statementsOf, synthPlatform, type SynthesizedStack } from '../support/synth';
import { helmValuesOf } from '../support/helm';

const config = loadConfig({ env: 'dev' });
let addons: SynthesizedStack;
let objects: KubernetesObject[];

/** Documented keys of each pinned chart, derived from its values.yaml (test/fixtures/chart-values/README.md). */
const CHART_KEYS: Readonly<Record<string, { version: string; keys: string[] }>> = Object.fromEntries(
  ['aws-load-balancer-controller', 'external-secrets', 'cluster-autoscaler'].map((chart) => [
    chart,
    JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'chart-values', `${chart}.json`), 'utf8')),
  ]),
);

beforeAll(() => {
  addons = synthPlatform({ env: 'dev' }).stack('cluster-addons');
  objects = [...kubernetesObjectsOf(addons), ...storeManifests()];
});

function releases(): Record<string, Record<string, any>> {
  return Object.fromEntries(resourcesOf(addons, 'helm_release').map((release) => [release.name, release]));
}

function valuesOf(release: string): Record<string, any> {
  return helmValuesOf(releases()[release]);
}

function storeManifests(): KubernetesObject[] {
  return (valuesOf('cluster-secret-store').manifests as Record<string, unknown>[]).map((object, index) => ({ label: `cluster-secret-store values manifests[${index}]`, object }));
}

/** Every leaf path of a values object, lists as `<path>.*`. */
function leafPaths(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) return [`${path.join('.')}.*`];
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, [...path, key]));
  return [path.join('.')];
}

function documented(keys: readonly string[], path: string): boolean {
  return keys.includes(path) || keys.some((key) => key.endsWith('.*') && (path === key || path.startsWith(key.slice(0, -1))));
}

function irsaSubjects(): string[] {
  return resourcesOf(addons, 'aws_iam_role').map((role) => {
    const trust = statementsOf(addons, role.assume_role_policy);
    expect(trust).toHaveLength(1);
    const [statement] = trust;
    expect(statement.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(statement.principals).toEqual([{ type: 'Federated', identifiers: [expect.stringMatching(/cross-stack-reference-input-eks.*oidc-provider.*arn\}$/)] }]);
    const byKey = Object.fromEntries(statement.condition.map((condition: { test: string; variable: string; values: string[] }) => [condition.variable.replace(/^.*:/, ''), [condition.test, condition.values]]));
    expect(byKey.aud).toEqual(['StringEquals', ['sts.amazonaws.com']]);
    expect(byKey.sub[0]).toBe('StringEquals');
    expect(byKey.sub[1]).toHaveLength(1);
    return byKey.sub[1][0];
  });
}

describe('cluster-addons stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(addons.json).toMatchSnapshot();
  });

  it('talks to the cluster from the eks outputs with short-lived aws eks get-token credentials, never a kubeconfig file', () => {
    const kubernetes = addons.json.provider.kubernetes[0] as Record<string, any>;
    const helm = addons.json.provider.helm[0] as Record<string, any>;
    for (const connection of [kubernetes, helm.kubernetes]) {
      expect(connection.host).toMatch(/cross-stack-reference-input-eks.*endpoint\}$/);
      expect(connection.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\.cross-stack-reference-input-eks/);
      const exec = Array.isArray(connection.exec) ? connection.exec[0] : connection.exec;
      expect(exec).toMatchObject({ command: 'aws', args: expect.arrayContaining(['eks', 'get-token', '--cluster-name']) });
      expect(JSON.stringify(connection)).not.toMatch(/config_path|config_context|kubeconfig|"token"/);
    }
  });

  it('installs each chart at the version pinned in config, waiting for it and rolling back a failed install', () => {
    const pinned = config.clusterAddons.charts;
    expect(Object.fromEntries(Object.entries(releases()).map(([name, release]) => [name, [release.repository, release.chart, release.version]]))).toEqual({
      'aws-load-balancer-controller': ['https://aws.github.io/eks-charts', 'aws-load-balancer-controller', pinned.awsLoadBalancerController],
      'external-secrets': ['https://charts.external-secrets.io', 'external-secrets', pinned.externalSecrets],
      'cluster-autoscaler': ['https://kubernetes.github.io/autoscaler', 'cluster-autoscaler', pinned.clusterAutoscaler],
      'cluster-secret-store': [undefined, expect.stringMatching(/^assets\/cluster-manifests-chart\/[0-9A-F]+$/), '1.0.0'],
    });
    for (const release of Object.values(releases())) expect(release).toMatchObject({ wait: true, atomic: true, cleanup_on_fail: true });
    expect(config.clusterAddons.clusterAutoscalerImageTag.startsWith(`v${config.eks.kubernetesVersion}.`)).toBe(true);
  });

  it.each(Object.keys(CHART_KEYS))('sets only keys that chart %s documents at the pinned version', (chart) => {
    const { version, keys } = CHART_KEYS[chart];
    expect(releases()[chart].version).toBe(version);
    const undocumented = leafPaths(valuesOf(chart)).filter((path) => !documented(keys, path));
    expect(undocumented).toEqual([]);
  });

  it('gives the local manifests chart only the key its values.yaml documents', () => {
    const documentedKeys = Object.keys(parse(readFileSync(join(__dirname, '..', '..', 'constructs', 'charts', 'cluster-manifests', 'values.yaml'), 'utf8')));
    expect(Object.keys(valuesOf('cluster-secret-store'))).toEqual(documentedKeys);
  });

  it('runs every add-on on the system nodes and gives the controllers their AWS settings without instance metadata', () => {
    const system = WORKLOAD_PLACEMENT.system.nodeSelector;
    expect(valuesOf('aws-load-balancer-controller')).toMatchObject({ region: 'us-east-1', vpcId: expect.stringMatching(/network.*vpc/), nodeSelector: system });
    expect(valuesOf('external-secrets')).toMatchObject({ installCRDs: true, nodeSelector: system, webhook: { nodeSelector: system }, certController: { nodeSelector: system } });
    expect(valuesOf('cluster-autoscaler')).toMatchObject({ cloudProvider: 'aws', awsRegion: 'us-east-1', image: { tag: config.clusterAddons.clusterAutoscalerImageTag }, nodeSelector: system });
    expect(valuesOf('cluster-autoscaler').autoDiscovery.clusterName).toMatch(/cross-stack-reference-input-eks.*name\}$/);
  });

  it('scopes each IRSA role to exactly one service account, the one its chart creates', () => {
    expect(irsaSubjects().sort()).toEqual([
      'system:serviceaccount:external-secrets:external-secrets',
      'system:serviceaccount:kube-system:aws-load-balancer-controller',
      'system:serviceaccount:kube-system:cluster-autoscaler',
    ]);
    expect(valuesOf('aws-load-balancer-controller').serviceAccount).toMatchObject({ create: true, name: 'aws-load-balancer-controller' });
    expect(valuesOf('external-secrets').serviceAccount).toMatchObject({ create: true, name: 'external-secrets' });
    expect(valuesOf('cluster-autoscaler').rbac.serviceAccount).toMatchObject({ create: true, name: 'cluster-autoscaler' });
    for (const values of [valuesOf('aws-load-balancer-controller').serviceAccount, valuesOf('external-secrets').serviceAccount, valuesOf('cluster-autoscaler').rbac.serviceAccount]) {
      expect(values.annotations['eks.amazonaws.com/role-arn']).toMatch(/^\$\{aws_iam_role\..+\.arn\}$/);
    }
  });

  it('installs the other charts only after the load balancer controller, whose webhook refuses Services until it is ready', () => {
    const controller = Object.entries(addons.json.resource.helm_release).find(([, release]) => release.name === 'aws-load-balancer-controller')![0];
    for (const name of ['external-secrets', 'cluster-autoscaler']) expect(releases()[name].depends_on).toEqual([`helm_release.${controller}`]);
  });

  it('lets External Secrets read only the workloads\' credentials, and decrypt them only through Secrets Manager', () => {
    const policy = resourcesOf(addons, 'aws_iam_role_policy').find((candidate) => statementsOf(addons, candidate.policy).some((s) => s.actions.includes('secretsmanager:GetSecretValue')))!;
    const statements = statementsOf(addons, policy.policy);
    const reads = statements.filter((s) => s.actions.includes('secretsmanager:GetSecretValue'));
    for (const read of reads) expect(read.actions).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    const resources: string[] = reads.flatMap((read) => read.resources);
    expect(resources.filter((arn) => arn.endsWith('*')).map((arn) => arn.replace(/^.*:secret:/, ''))).toEqual(['dp/dev/postgres/*', 'dp/dev/airbyte/*', 'dp/dev/airflow/*']);
    // Partner credentials and the Terraform Snowflake user's key are never readable from the cluster.
    expect(JSON.stringify(resources)).not.toMatch(/partners|snowflake\/terraform|secret:dp\/dev\/\*/);
    for (const decrypt of statements.filter((s) => s.actions.includes('kms:Decrypt'))) {
      expect(decrypt).toMatchObject({ actions: ['kms:Decrypt', 'kms:DescribeKey'], condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['secretsmanager.us-east-1.amazonaws.com'] }] });
    }
    expect(policy['//']?.policy_waivers).toBeUndefined();
  });

  it('waives the wildcard-resource rule only where the controller and autoscaler APIs need it, saying why', () => {
    const waived = resourcesOf(addons, 'aws_iam_role_policy').filter((policy) => policy['//']?.policy_waivers);
    expect(waived).toHaveLength(2);
    for (const policy of waived) expect(policy['//'].policy_waivers.CKV_AWS_355.length).toBeGreaterThan(100);
    const autoscaler = waived.map((policy) => statementsOf(addons, policy.policy)).find((statements) => statements.some((s) => s.actions.includes('autoscaling:SetDesiredCapacity')))!;
    const scaling = autoscaler.find((s) => s.actions.includes('autoscaling:SetDesiredCapacity'))!;
    expect(scaling.condition).toEqual([{ test: 'StringEquals', variable: expect.stringMatching(/^aws:ResourceTag\/k8s\.io\/cluster-autoscaler\/\$\{/), values: ['owned'] }]);
  });

  it('creates the ClusterSecretStore after the operator, open only to the platform namespaces', () => {
    const store = releases()['cluster-secret-store'];
    expect(store.depends_on).toEqual([expect.stringMatching(/^helm_release\.external-secrets_release/)]);
    const [manifest] = storeManifests();
    expect(manifest.object).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: CLUSTER_SECRET_STORE },
      spec: { provider: { aws: { service: 'SecretsManager', region: 'us-east-1' } }, conditions: [{ namespaces: Object.values(PLATFORM_NAMESPACES) }] },
    });
    expect(addons.json.resource.kubernetes_manifest).toBeUndefined();
  });

  it('makes an encrypted gp3 StorageClass the default', () => {
    expect(resourcesOf(addons, 'kubernetes_storage_class_v1')).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: DEFAULT_STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
        storage_provisioner: 'ebs.csi.aws.com',
        parameters: expect.objectContaining({ type: 'gp3', encrypted: 'true' }),
        volume_binding_mode: 'WaitForFirstConsumer',
      }),
    ]);
  });

  it('denies all traffic of the external-secrets namespace but its webhook, HTTPS out and DNS', () => {
    const policies = resourcesOf(addons, 'kubernetes_network_policy_v1').map((policy) => policy.metadata.name);
    expect(policies.sort()).toEqual(['allow-dns', 'allow-https-out', 'allow-webhook-from-api-server', 'allow-within-namespace', 'default-deny']);
    const deny = resourcesOf(addons, 'kubernetes_network_policy_v1').find((policy) => policy.metadata.name === 'default-deny')!;
    expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
  });

  it('writes only Kubernetes objects that are valid against the Kubernetes and External Secrets schemas', () => {
    expect(objects.map((entry) => `${entry.object.apiVersion} ${entry.object.kind}`).sort()).toEqual([
      'external-secrets.io/v1 ClusterSecretStore',
      'networking.k8s.io/v1 NetworkPolicy',
      'networking.k8s.io/v1 NetworkPolicy',
      'networking.k8s.io/v1 NetworkPolicy',
      'networking.k8s.io/v1 NetworkPolicy',
      'networking.k8s.io/v1 NetworkPolicy',
      'storage.k8s.io/v1 StorageClass',
      'v1 Namespace',
    ]);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('refuses a cluster autoscaler built for another Kubernetes minor than the cluster', () => {
    const load = () => loadConfig({ env: 'dev', overrides: { clusterAddons: { clusterAutoscalerImageTag: 'v1.34.2' } } });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/clusterAddons\.clusterAutoscalerImageTag: "v1\.34\.2" is for Kubernetes 1\.34 but eks\.kubernetesVersion is "1\.35"; use a v1\.35\.x release/);
  });

  it('fails the schema check on an invalid object, so the check is not vacuous', () => {
    const broken = { label: 'broken', object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, policyTypes: ['Sideways'] } } };
    expect(schemaProblems([broken])).toEqual([{ label: 'broken', problem: expect.stringContaining('policyTypes') }]);
  });
});

describe('platform namespaces', () => {
  it('isolate Airbyte, Airflow and dbt by default, with only the traffic each needs, as valid NetworkPolicies', () => {
    const { stack } = stackUnderTest('namespaces', ['kubernetes']);
    const traffic = platformNamespaceTraffic(config.network.vpcCidr);
    for (const [id, name] of Object.entries(PLATFORM_NAMESPACES)) new PlatformNamespace(stack, id, { name, traffic: traffic[id as keyof typeof traffic] });
    const synthesized = JSON.parse(Testing.synth(stack));
    const namespaceObjects = kubernetesObjectsOf({ text: '', json: synthesized });
    expect(schemaProblems(namespaceObjects)).toEqual([]);
    const policiesOf = (namespace: string) =>
      namespaceObjects
        .filter((entry) => entry.object.kind === 'NetworkPolicy' && JSON.stringify((entry.object.metadata as { namespace: string }).namespace).includes(`namespace_v1.${namespace}_`))
        .map((entry) => (entry.object.metadata as { name: string }).name)
        .sort();
    expect(policiesOf('airbyte')).toEqual(['allow-api-from-airflow', 'allow-api-from-vpc', 'allow-dns', 'allow-https-out', 'allow-postgres-in-vpc', 'allow-within-namespace', 'default-deny']);
    expect(policiesOf('airflow')).toEqual(['allow-airbyte-api', 'allow-api-server-from-vpc', 'allow-dns', 'allow-https-out', 'allow-postgres-in-vpc', 'allow-within-namespace', 'default-deny']);
    expect(policiesOf('dbt')).toEqual(['allow-dns', 'allow-https-out', 'allow-within-namespace', 'default-deny']);
  });
});
