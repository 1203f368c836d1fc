import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { platformTags } from '../aspects/tags';
import { WORKLOADS, type PlatformSizing, type Workload } from '../config/sizing';
import { EksControlPlane } from '../constructs/eks-control-plane';
import { IrsaRole } from '../constructs/irsa-role';
import { PlatformKey } from '../constructs/platform-key';
import { WorkloadNodeGroup } from '../constructs/workload-node-group';
import { EksAddon } from '../providers/aws';
import type { ClusterConnection } from '../providers/kubernetes';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { StackDefinition } from './stack-definition';

export { WORKLOAD_LABEL, WORKLOAD_PLACEMENT, type WorkloadPlacement } from '../constructs/workload-placement';

/** Node role name purposes: short, so the longest prefix config allows still fits IAM's name_prefix. */
const NODE_ROLE_PURPOSES = { system: 'system-nodes', ingestion: 'ingest-nodes', orchestration: 'orch-nodes' } as const;

export interface EksStackProps extends PlatformStackProps {
  /** The network stack's private subnets, one per AZ: control plane interfaces and nodes. */
  readonly privateSubnetIds: string[];
  readonly vpcId: string;
  /** The capacity plan's slice: one managed node group per workload. */
  readonly sizing: PlatformSizing['eks'];
}

/** Service accounts the managed add-ons run as, which their IRSA roles trust. */
const ADDON_SERVICE_ACCOUNTS = {
  vpcCni: { namespace: 'kube-system', serviceAccount: 'aws-node' },
  ebsCsiDriver: { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
} as const;

/** The cluster Airbyte, Airflow and dbt run on (AWS only). */
export class EksStack extends PlatformStack {
  readonly cluster: ClusterConnection;
  readonly clusterSecurityGroupId: string;
  readonly nodeSecurityGroupId: string;
  readonly oidcProviderArn: string;
  /** Without `https://`. */
  readonly oidcIssuer: string;
  readonly nodeRoleArns: Readonly<Record<Workload, string>>;

  constructor(scope: Construct, definition: StackDefinition, props: EksStackProps) {
    super(scope, definition, props);
    const { config } = props;
    const { eks } = config;

    const key = new PlatformKey(this, 'cluster-key', {
      alias: this.names.keyAlias('eks'),
      description: `Encrypts ${this.baseName} Kubernetes Secrets (EKS envelope encryption) and control-plane logs`,
      cloudWatchLogsRegion: config.region,
    });
    const controlPlane = new EksControlPlane(this, 'control-plane', {
      name: this.baseName,
      kubernetesVersion: eks.kubernetesVersion,
      region: config.region,
      vpcId: props.vpcId,
      subnetIds: props.privateSubnetIds,
      // Prod has no public endpoint at all; elsewhere only the admin ranges reach it.
      publicAccessCidrs: config.environment === 'prod' ? [] : config.adminCidrs,
      key,
      logRetentionDays: eks.logRetentionDays,
      adminRoleNames: [...new Set([...eks.adminRoles, ...(eks.deployRole ? [eks.deployRole] : [])])],
      rolePrefix: this.names.rolePrefix('eks-cluster'),
    });
    this.cluster = controlPlane.connection;
    this.clusterSecurityGroupId = controlPlane.clusterSecurityGroupId;
    this.nodeSecurityGroupId = controlPlane.nodeSecurityGroupId;
    this.oidcProviderArn = controlPlane.oidcProviderArn;
    this.oidcIssuer = controlPlane.oidcIssuer;

    const irsa = (id: keyof typeof ADDON_SERVICE_ACCOUNTS, managedPolicy: string, purpose: 'vpc-cni' | 'ebs-csi') =>
      new IrsaRole(this, `${purpose}-role`, {
        oidcProviderArn: this.oidcProviderArn,
        oidcIssuer: this.oidcIssuer,
        ...ADDON_SERVICE_ACCOUNTS[id],
        managedPolicyArns: [`arn:${key.partition}:iam::aws:policy/${managedPolicy}`],
        namePrefix: this.names.rolePrefix(purpose),
        description: `${purpose} add-on of EKS cluster ${this.baseName}`,
      });
    const addon = (name: string, version: string, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) =>
      new EksAddon(this, `addon-${name}`, {
        clusterName: controlPlane.clusterName,
        addonName: name,
        addonVersion: version,
        // EKS installed its self-managed copy at cluster creation; the managed add-on takes it over.
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        ...extra,
      });

    // Pod networking and service routing before any node joins.
    const vpcCni = addon('vpc-cni', eks.addons.vpcCni, {
      serviceAccountRoleArn: irsa('vpcCni', 'AmazonEKS_CNI_Policy', 'vpc-cni').roleArn,
      // The CNI's network policy agent enforces the NetworkPolicies cluster-addons writes.
      configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
    });
    const kubeProxy = addon('kube-proxy', eks.addons.kubeProxy);

    const instanceTags = platformTags(config);
    const nodeGroups = Object.fromEntries(
      WORKLOADS.map((workload) => [
        workload,
        new WorkloadNodeGroup(this, `${workload}-nodes`, {
          clusterName: controlPlane.clusterName,
          workload,
          sizing: props.sizing.nodeGroups[workload],
          subnetIds: props.privateSubnetIds,
          securityGroupIds: [controlPlane.clusterSecurityGroupId, controlPlane.nodeSecurityGroupId],
          volumeGib: eks.nodeVolumeGib,
          instanceTags,
          partition: key.partition,
          rolePrefix: this.names.rolePrefix(NODE_ROLE_PURPOSES[workload]),
          dependsOn: [vpcCni, kubeProxy],
        }),
      ]),
    ) as Record<Workload, WorkloadNodeGroup>;
    this.nodeRoleArns = Object.fromEntries(WORKLOADS.map((workload) => [workload, nodeGroups[workload].nodeRoleArn])) as Record<Workload, string>;

    // These run as pods, so they wait for nodes.
    const afterNodes = { dependsOn: WORKLOADS.map((workload) => nodeGroups[workload].resource) };
    addon('coredns', eks.addons.coredns, afterNodes);
    addon('aws-ebs-csi-driver', eks.addons.ebsCsiDriver, { ...afterNodes, serviceAccountRoleArn: irsa('ebsCsiDriver', 'service-role/AmazonEBSCSIDriverPolicy', 'ebs-csi').roleArn });

    new TerraformOutput(this, 'cluster_name', { value: this.cluster.clusterName, description: 'Name of the EKS cluster' });
    new TerraformOutput(this, 'cluster_endpoint', { value: this.cluster.endpoint, description: 'URL of the Kubernetes API server' });
    new TerraformOutput(this, 'cluster_certificate_authority_data', { value: this.cluster.certificateAuthorityData, description: 'Cluster CA certificate, base64-encoded PEM' });
    new TerraformOutput(this, 'oidc_issuer', { value: this.oidcIssuer, description: 'OIDC issuer of the cluster without https://, the prefix of IRSA condition keys' });
    new TerraformOutput(this, 'oidc_provider_arn', { value: this.oidcProviderArn, description: 'ARN of the IAM OIDC provider that IRSA roles trust' });
    new TerraformOutput(this, 'cluster_security_group_id', { value: this.clusterSecurityGroupId, description: 'Security group EKS created for the control plane and nodes' });
    new TerraformOutput(this, 'node_security_group_id', { value: this.nodeSecurityGroupId, description: 'Security group attached to every node, for databases to admit' });
    for (const workload of WORKLOADS) {
      new TerraformOutput(this, `${workload}_node_role_arn`, { value: this.nodeRoleArns[workload], description: `IAM role of the ${workload} nodes` });
    }
  }
}
