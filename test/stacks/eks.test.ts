import { ConfigError, loadConfig, validateConfig } from '../../config';
import { environments } from '../../config/environments';
import { platformSizing, WORKLOADS } from '../../config/sizing';
import { CONTROL_PLANE_LOG_TYPES } from '../../constructs/eks-control-plane';
import { WORKLOAD_LABEL, WORKLOAD_PLACEMENT } from '../../stacks/eks';
import { addressOf, resourcesOf, statementsOf, synthPlatform, type SynthesizedStack } from '../support/synth';

const ADMIN_CIDRS = ['203.0.113.0/24'];
const dev = loadConfig({ env: 'dev' });
const prod = loadConfig({ env: 'prod' });
let eks: SynthesizedStack;
let prodEks: SynthesizedStack;
let devWithAdmins: SynthesizedStack;
let prodWithAdmins: SynthesizedStack;

beforeAll(() => {
  eks = synthPlatform({ env: 'dev' }).stack('eks');
  prodEks = synthPlatform({ env: 'prod' }).stack('eks');
  devWithAdmins = synthPlatform({ env: 'dev', overrides: { adminCidrs: ADMIN_CIDRS } }).stack('eks');
  prodWithAdmins = synthPlatform({ env: 'prod', overrides: { adminCidrs: ADMIN_CIDRS } }).stack('eks');
});

const PRIVATE_SUBNET_REFERENCE = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-network\.outputs\.cross-stack-output-aws_subnetnetwork_private-subnet-us-east-1[abc]_[0-9A-F]+id\}$/;

function cluster(stack: SynthesizedStack): Record<string, any> {
  const [only] = resourcesOf(stack, 'aws_eks_cluster');
  return only;
}

/** Node groups by workload, from their name prefixes. */
function nodeGroups(stack: SynthesizedStack): Record<string, Record<string, any>> {
  return Object.fromEntries(resourcesOf(stack, 'aws_eks_node_group').map((group) => [group.node_group_name_prefix.replace(/-$/, ''), group]));
}

describe('eks stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(eks.json).toMatchSnapshot();
  });

  it('pins the Kubernetes version from config, on the standard support policy', () => {
    expect(cluster(eks)).toMatchObject({ name: 'dp-dev', version: dev.eks.kubernetesVersion, upgrade_policy: { support_type: 'STANDARD' } });
    expect(dev.eks.kubernetesVersion).toBe('1.35');
  });

  it('authenticates through access entries only: API mode, no implicit creator admin, no aws-auth ConfigMap', () => {
    expect(cluster(eks).access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(Object.keys(eks.json.resource).filter((type) => type.startsWith('kubernetes_'))).toEqual([]);
    expect(eks.text).not.toContain('aws-auth');
  });

  it('gives each admin role and the deploying role one access entry with cluster-admin on the whole cluster', () => {
    const roles = [...dev.eks.adminRoles, dev.eks.deployRole!];
    const entries = resourcesOf(eks, 'aws_eks_access_entry');
    expect(entries.map((entry) => entry.principal_arn.replace(/^arn:\$\{.*\}:iam::\$\{.*\}:role\//, '')).sort()).toEqual([...roles].sort());
    expect(entries.every((entry) => entry.type === 'STANDARD')).toBe(true);
    const associations = resourcesOf(eks, 'aws_eks_access_policy_association');
    expect(associations).toHaveLength(roles.length);
    for (const association of associations) {
      expect(association.policy_arn).toMatch(/:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/);
      expect(association.access_scope).toEqual({ type: 'cluster' });
      expect(association.principal_arn).toMatch(/^\$\{aws_eks_access_entry\..+\.principal_arn\}$/);
    }
  });

  it('refuses a configuration that names no deploying role, so the cluster would have no administrator', () => {
    const raw = { ...environments.dev, eks: { adminRoles: [] } };
    expect(() => validateConfig(raw, 'dev')).toThrow(ConfigError);
    expect(() => validateConfig(raw, 'dev')).toThrow(/eks\.deployRole: names no role: the identity that runs `cdktf deploy` needs an EKS access entry/);
  });

  it('keeps the API endpoint private in dev without admin ranges, opens it only to adminCidrs in dev, and never in prod', () => {
    expect(cluster(eks).vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster(eks).vpc_config.public_access_cidrs).toBeUndefined();
    expect(cluster(devWithAdmins).vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ADMIN_CIDRS });
    for (const stack of [prodEks, prodWithAdmins]) {
      expect(cluster(stack).vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
      expect(cluster(stack).vpc_config.public_access_cidrs).toBeUndefined();
    }
  });

  it('places the control plane and every node group in the private subnets only', () => {
    expect(cluster(eks).vpc_config.subnet_ids).toHaveLength(3);
    for (const subnets of [cluster(eks).vpc_config.subnet_ids, ...Object.values(nodeGroups(eks)).map((group) => group.subnet_ids)]) {
      expect(subnets).toHaveLength(3);
      for (const subnet of subnets) expect(subnet).toMatch(PRIVATE_SUBNET_REFERENCE);
    }
  });

  it('envelope-encrypts Secrets with the cluster key, which the cluster role may use', () => {
    const key = addressOf(eks, 'aws_kms_key', resourcesOf(eks, 'aws_kms_key')[0]);
    expect(cluster(eks).encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: `\${${key}.arn}` } });
    expect(resourcesOf(eks, 'aws_kms_key')).toEqual([expect.objectContaining({ enable_key_rotation: true })]);
    const [clusterPolicy] = resourcesOf(eks, 'aws_iam_role_policy');
    expect(statementsOf(eks, clusterPolicy.policy)).toEqual([
      expect.objectContaining({ actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [`\${${key}.arn}`] }),
    ]);
  });

  it('sends every control-plane log type to /aws/eks/<cluster>/cluster, a log group it creates first with a key and retention', () => {
    const [group] = resourcesOf(eks, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: '/aws/eks/dp-dev/cluster', retention_in_days: dev.eks.logRetentionDays });
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    expect(cluster(eks).enabled_cluster_log_types).toEqual([...CONTROL_PLANE_LOG_TYPES]);
    expect(cluster(eks).depends_on).toContain(addressOf(eks, 'aws_cloudwatch_log_group', group));
  });

  it.each([
    ['dev', () => eks, dev],
    ['prod', () => prodEks, prod],
  ] as const)('runs one node group per workload, equal to the capacity plan of %s', (_env, stack, config) => {
    const plan = platformSizing(config).eks.nodeGroups;
    const groups = nodeGroups(stack());
    expect(Object.keys(groups).sort()).toEqual([...WORKLOADS].sort());
    for (const workload of WORKLOADS) {
      expect({ workload, instanceTypes: groups[workload].instance_types, scaling: groups[workload].scaling_config }).toEqual({
        workload,
        instanceTypes: [plan[workload].instanceType],
        scaling: { min_size: plan[workload].minSize, desired_size: plan[workload].desiredSize, max_size: plan[workload].maxSize },
      });
    }
  });

  it('leaves the desired size to the autoscaler after creation, and nothing else', () => {
    for (const group of Object.values(nodeGroups(eks))) expect(group.lifecycle).toEqual({ ignore_changes: ['scaling_config[0].desired_size'], create_before_destroy: true });
  });

  it('labels every node group with its workload and taints ingestion and orchestration, matching WORKLOAD_PLACEMENT', () => {
    const groups = nodeGroups(eks);
    for (const workload of WORKLOADS) {
      expect(groups[workload].labels).toEqual(WORKLOAD_PLACEMENT[workload].nodeSelector);
      expect(groups[workload].taint ?? []).toEqual(
        WORKLOAD_PLACEMENT[workload].tolerations.map((toleration) => ({ key: toleration.key, value: toleration.value, effect: 'NO_SCHEDULE' })),
      );
    }
    expect(WORKLOAD_PLACEMENT.system.tolerations).toEqual([]);
    expect(WORKLOAD_PLACEMENT.ingestion).toEqual({
      nodeSelector: { [WORKLOAD_LABEL]: 'ingestion' },
      tolerations: [{ key: WORKLOAD_LABEL, operator: 'Equal', value: 'ingestion', effect: 'NoSchedule' }],
    });
  });

  it('launches nodes from templates that require IMDSv2 with a hop limit of 1 and encrypted gp3 root volumes, with the cluster and node security groups', () => {
    const templates = resourcesOf(eks, 'aws_launch_template');
    expect(templates).toHaveLength(WORKLOADS.length);
    const nodeGroup = addressOf(eks, 'aws_security_group', resourcesOf(eks, 'aws_security_group')[0]);
    for (const template of templates) {
      expect(template.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
      expect(template.block_device_mappings).toEqual([
        { device_name: '/dev/xvda', ebs: { volume_size: dev.eks.nodeVolumeGib, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } },
      ]);
      expect(template.vpc_security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_eks_cluster\..+\.vpc_config\[0\]\.cluster_security_group_id\}$/), `\${${nodeGroup}.id}`]);
    }
    for (const group of Object.values(nodeGroups(eks))) expect(group.launch_template.version).toMatch(/^\$\{aws_launch_template\..+\.latest_version\}$/);
  });

  it('gives node roles only joining and image pulls: pod networking has its own IRSA role', () => {
    const attachments = resourcesOf(eks, 'aws_iam_role_policy_attachment').map((attachment) => attachment.policy_arn.replace(/^.*:policy\//, ''));
    expect(attachments.filter((policy) => policy === 'AmazonEKSWorkerNodePolicy')).toHaveLength(3);
    expect(attachments.filter((policy) => policy === 'AmazonEC2ContainerRegistryPullOnly')).toHaveLength(3);
    expect(attachments.filter((policy) => policy === 'AmazonEKS_CNI_Policy')).toHaveLength(1);
  });

  it('trusts the OIDC provider for STS and scopes each add-on role to exactly one service account', () => {
    const [provider] = resourcesOf(eks, 'aws_iam_openid_connect_provider');
    expect(provider).toMatchObject({ client_id_list: ['sts.amazonaws.com'], url: expect.stringMatching(/^\$\{aws_eks_cluster\..+\.identity\[0\]\.oidc\[0\]\.issuer\}$/) });
    const providerArn = `\${${addressOf(eks, 'aws_iam_openid_connect_provider', provider)}.arn}`;
    const irsaTrusts = resourcesOf(eks, 'aws_iam_role')
      .map((role) => statementsOf(eks, role.assume_role_policy))
      .filter((trust) => trust.some((statement) => statement.actions.includes('sts:AssumeRoleWithWebIdentity')));
    const subjects = irsaTrusts.map((trust) => {
      expect(trust).toHaveLength(1);
      const [statement] = trust;
      expect(statement.principals).toEqual([{ type: 'Federated', identifiers: [providerArn] }]);
      expect(statement.condition).toHaveLength(2);
      expect(statement.condition.every((condition: { test: string }) => condition.test === 'StringEquals')).toBe(true);
      const byKey = Object.fromEntries(statement.condition.map((condition: { variable: string; values: string[] }) => [condition.variable.replace(/^.*:/, ''), condition.values]));
      expect(byKey.aud).toEqual(['sts.amazonaws.com']);
      expect(byKey.sub).toHaveLength(1);
      expect(byKey.sub[0]).not.toContain('*');
      return byKey.sub[0];
    });
    expect(subjects.sort()).toEqual(['system:serviceaccount:kube-system:aws-node', 'system:serviceaccount:kube-system:ebs-csi-controller-sa']);
  });

  it('pins every managed add-on to its configured version; the CNI and EBS driver run with their own roles', () => {
    const addons = Object.fromEntries(resourcesOf(eks, 'aws_eks_addon').map((addon) => [addon.addon_name, addon]));
    expect(Object.fromEntries(Object.entries(addons).map(([name, addon]) => [name, (addon as Record<string, unknown>).addon_version]))).toEqual({
      'vpc-cni': dev.eks.addons.vpcCni,
      'kube-proxy': dev.eks.addons.kubeProxy,
      coredns: dev.eks.addons.coredns,
      'aws-ebs-csi-driver': dev.eks.addons.ebsCsiDriver,
    });
    expect(addons['vpc-cni'].service_account_role_arn).toMatch(/^\$\{aws_iam_role\..+\.arn\}$/);
    expect(addons['aws-ebs-csi-driver'].service_account_role_arn).toMatch(/^\$\{aws_iam_role\..+\.arn\}$/);
    expect(JSON.parse(addons['vpc-cni'].configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    // Volumes carry the cluster's ownership tag, which the teardown sweeps by.
    expect(JSON.parse(addons['aws-ebs-csi-driver'].configuration_values)).toEqual({ controller: { k8sTagClusterId: expect.stringMatching(/^\$\{aws_eks_cluster\..+\.name\}$/) } });
    expect(addons['kube-proxy'].addon_version).toMatch(new RegExp(`^v${dev.eks.kubernetesVersion.replace('.', '\\.')}\\.`));
  });

  it('installs networking add-ons before nodes join, and the add-ons that run as pods after', () => {
    const address = (name: string) => addressOf(eks, 'aws_eks_addon', resourcesOf(eks, 'aws_eks_addon').find((addon) => addon.addon_name === name)!);
    for (const group of Object.values(nodeGroups(eks))) expect(group.depends_on).toEqual(expect.arrayContaining([address('vpc-cni'), address('kube-proxy')]));
    const groups = Object.values(nodeGroups(eks)).map((group) => addressOf(eks, 'aws_eks_node_group', group));
    for (const name of ['coredns', 'aws-ebs-csi-driver']) {
      expect(resourcesOf(eks, 'aws_eks_addon').find((addon) => addon.addon_name === name)!.depends_on).toEqual(expect.arrayContaining(groups));
    }
  });

  it('declares the outputs later stacks consume, each with a description', () => {
    const outputs = Object.fromEntries(Object.entries(eks.json.output!).filter(([name]) => !name.startsWith('cross-stack-output-')));
    expect(Object.keys(outputs).sort()).toEqual([
      'cluster_certificate_authority_data',
      'cluster_endpoint',
      'cluster_name',
      'cluster_security_group_id',
      'ingestion_node_role_arn',
      'node_security_group_id',
      'oidc_issuer',
      'oidc_provider_arn',
      'orchestration_node_role_arn',
      'system_node_role_arn',
    ]);
    expect(Object.values(outputs).every((output) => (output.description ?? '').length > 0)).toBe(true);
    expect(outputs.oidc_issuer.value).toMatch(/^\$\{replace\(aws_eks_cluster\..+\.identity\[0\]\.oidc\[0\]\.issuer, "https:\/\/", ""\)\}$/);
  });
});
