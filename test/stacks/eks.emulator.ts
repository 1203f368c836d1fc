import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, DescribeNodegroupCommand, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import { GetOpenIDConnectProviderCommand, paginateListRoles, type Role } from '@aws-sdk/client-iam';
import { platformSizing, WORKLOADS } from '../../config/sizing';
import { CONTROL_PLANE_LOG_TYPES } from '../../constructs/eks-control-plane';
import { WORKLOAD_PLACEMENT } from '../../stacks/eks';
import type { Checks, DeployedPlatform, StackOnEmulator } from '../deploy/emulator-stack';

/**
 * The eks stack on the emulator. moto creates the cluster, node groups, launch templates, OIDC
 * provider and roles; add-ons and access entries are left out of the emulator's copy (the
 * registry's `omits`, stacks/platform.ts) because moto has no API for them.
 */
export const onEmulator: StackOnEmulator = {
  creates: ['eks-cluster', 'launch-template', 'oidc-provider', 'iam-role', 'security-group', 'kms-key', 'kms-alias', 'log-group'],
  check: checkEks,
  // Measured with moto 5.2.1 and provider 5.100.0. Never apply this plan on moto: the provider
  // crashes on moto's answer to an in-place cluster update (../shared/reference/moto-fidelity.md).
  driftGaps: [
    {
      resourceType: 'aws_eks_cluster',
      attributes: ['access_config', 'upgrade_policy', 'vpc_config'],
      reason:
        'moto stores neither access_config nor upgrade_policy, and bootstrap_cluster_creator_admin_permissions forces a replacement; moto creates no cluster security group, so vpc_config reads back an empty group id',
    },
    {
      resourceType: 'aws_eks_node_group',
      attributes: ['remote_access', 'update_config', 'launch_template'],
      reason: 'moto invents remote_access (ec2_ssh_key "eksKeypair", which forces a replacement) and stores no update_config; the launch template version follows the template update below',
    },
    { resourceType: 'aws_iam_openid_connect_provider', attributes: ['url'], reason: 'knock-on: its url is the issuer of the cluster being replaced' },
    { resourceType: 'aws_iam_role', attributes: ['assume_role_policy'], reason: 'knock-on: the add-on roles trust the OIDC provider being replaced' },
    {
      resourceType: 'aws_launch_template',
      attributes: ['tag_specifications', 'vpc_security_group_ids', 'default_version', 'latest_version'],
      reason:
        "moto copies the template's own tags into its tag_specifications (once); the cluster security group id is unknown while the cluster is replaced; a new template version follows",
    },
  ],
  leftovers: [{ kind: 'kms-key', alsoOnAws: true, reason: 'KMS keys wait out their deletion window', matches: (item) => item.state === 'PendingDeletion' }],
};

async function checkEks(deployed: DeployedPlatform, checks: Checks): Promise<void> {
  const { config, aws } = deployed;
  const outputs = deployed.outputs.eks;
  const privateSubnets = [...(deployed.outputs.network.private_subnet_ids as string[])].sort();
  const name = String(outputs.cluster_name);

  const cluster = (await aws.eks.send(new DescribeClusterCommand({ name }))).cluster;
  checks.equal('cluster Kubernetes version', cluster?.version, config.eks.kubernetesVersion);
  checks.equal('cluster encrypts Secrets with the cluster key', cluster?.encryptionConfig?.map((e) => [e.resources, Boolean(e.provider?.keyArn)]), [[['secrets'], true]]);
  const logging = cluster?.logging?.clusterLogging?.find((setup) => setup.enabled);
  checks.equal('cluster sends every control-plane log type', [...(logging?.types ?? [])].sort(), [...CONTROL_PLANE_LOG_TYPES].sort());
  const vpc = cluster?.resourcesVpcConfig;
  checks.equal('cluster endpoint access (private, public)', [vpc?.endpointPrivateAccess, vpc?.endpointPublicAccess], [true, config.adminCidrs.length > 0]);
  checks.equal('cluster network interfaces in the private subnets', [...(vpc?.subnetIds ?? [])].sort(), privateSubnets);
  // moto creates no cluster security group (it reports none, so the output is empty); AWS always does.
  const clusterSecurityGroup = vpc?.clusterSecurityGroupId ?? '';
  checks.equal('output cluster_security_group_id is what the cluster reports', outputs.cluster_security_group_id, clusterSecurityGroup);
  checks.ok('outputs cluster_endpoint and cluster_certificate_authority_data are set', Boolean(outputs.cluster_endpoint) && Boolean(outputs.cluster_certificate_authority_data));
  checks.equal('output oidc_issuer is the cluster issuer without https://', outputs.oidc_issuer, cluster?.identity?.oidc?.issuer?.replace('https://', ''));

  const [logGroup] = ((await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/eks/${name}/cluster` }))).logGroups ?? []).filter(
    (group) => group.logGroupName === `/aws/eks/${name}/cluster`,
  );
  checks.equal('control-plane log group retention (days)', logGroup?.retentionInDays, config.eks.logRetentionDays);
  checks.ok('control-plane log group is encrypted with a KMS key', Boolean(logGroup?.kmsKeyId), 'no kmsKeyId');

  const plan = platformSizing(config).eks.nodeGroups;
  const groupNames = (await aws.eks.send(new ListNodegroupsCommand({ clusterName: name }))).nodegroups ?? [];
  checks.equal('one node group per workload', groupNames.length, WORKLOADS.length);
  for (const groupName of groupNames) {
    const group = (await aws.eks.send(new DescribeNodegroupCommand({ clusterName: name, nodegroupName: groupName }))).nodegroup;
    const workload = WORKLOADS.find((candidate) => groupName.startsWith(`${candidate}-`));
    if (!workload || !group) {
      checks.ok(`node group ${groupName} belongs to a workload`, false);
      continue;
    }
    const sizing = plan[workload];
    checks.equal(`${workload} node group scaling (min, desired, max) equals the capacity plan`, [group.scalingConfig?.minSize, group.scalingConfig?.desiredSize, group.scalingConfig?.maxSize], [
      sizing.minSize,
      sizing.desiredSize,
      sizing.maxSize,
    ]);
    checks.equal(`${workload} node group instance type`, group.instanceTypes, [sizing.instanceType]);
    checks.equal(`${workload} node group label`, group.labels, WORKLOAD_PLACEMENT[workload].nodeSelector);
    checks.equal(
      `${workload} node group taints`,
      (group.taints ?? []).map((taint) => [taint.key, taint.value, taint.effect]),
      WORKLOAD_PLACEMENT[workload].tolerations.map((toleration) => [toleration.key, toleration.value, 'NO_SCHEDULE']),
    );
    checks.equal(`${workload} node group subnets are the private ones`, [...(group.subnets ?? [])].sort(), privateSubnets);

    const templateId = group.launchTemplate?.id;
    const [version] = (await aws.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: templateId, Versions: ['$Latest'] }))).LaunchTemplateVersions ?? [];
    const data = version?.LaunchTemplateData;
    checks.equal(`${workload} launch template metadata (tokens, hop limit, endpoint)`, [data?.MetadataOptions?.HttpTokens, data?.MetadataOptions?.HttpPutResponseHopLimit, data?.MetadataOptions?.HttpEndpoint], [
      'required',
      1,
      'enabled',
    ]);
    const root = data?.BlockDeviceMappings?.[0]?.Ebs;
    checks.equal(`${workload} launch template root volume (type, encrypted, GiB)`, [root?.VolumeType, root?.Encrypted, root?.VolumeSize], ['gp3', true, config.eks.nodeVolumeGib]);
    checks.equal(
      `${workload} launch template security groups (cluster, nodes)`,
      [...(data?.SecurityGroupIds ?? [])].sort(),
      [clusterSecurityGroup, String(outputs.node_security_group_id)].filter(Boolean).sort(),
    );
  }

  const provider = await aws.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: String(outputs.oidc_provider_arn) }));
  checks.equal('OIDC provider audience', provider.ClientIDList, ['sts.amazonaws.com']);
  const roles: Role[] = [];
  for await (const page of paginateListRoles({ client: aws.iam }, {})) roles.push(...(page.Roles ?? []));
  for (const [purpose, subject] of [
    ['vpc-cni', 'system:serviceaccount:kube-system:aws-node'],
    ['ebs-csi', 'system:serviceaccount:kube-system:ebs-csi-controller-sa'],
  ] as const) {
    const role = roles.find((candidate) => candidate.RoleName?.startsWith(`${config.namePrefix}-${config.environment}-${purpose}-`));
    const trust = JSON.parse(decodeURIComponent(role?.AssumeRolePolicyDocument ?? '%7B%7D')) as { Statement?: { Principal?: { Federated?: string }; Condition?: Record<string, Record<string, string>> }[] };
    const [statement] = trust.Statement ?? [];
    checks.equal(`${purpose} role trusts exactly one service account of this cluster's OIDC provider, for STS`, [
      trust.Statement?.length,
      statement?.Principal?.Federated,
      Object.entries(statement?.Condition?.StringEquals ?? {}).sort(),
    ], [1, outputs.oidc_provider_arn, [[`${outputs.oidc_issuer}:aud`, 'sts.amazonaws.com'], [`${outputs.oidc_issuer}:sub`, subject]]]);
  }
}
