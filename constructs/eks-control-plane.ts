import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { EksAccessEntry, EksAccessPolicyAssociation, EksCluster, IamOpenidConnectProvider, SecurityGroup } from '../providers/aws';
import type { ClusterConnection } from '../providers/kubernetes';
import { EncryptedLogGroup } from './encrypted-log-group';
import { STS_AUDIENCE } from './irsa-role';
import type { PlatformKey } from './platform-key';
import { ServiceRole } from './service-role';

/** Every control-plane log EKS can send to CloudWatch. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** The EKS access policy that makes a principal cluster-admin. */
const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

export interface EksControlPlaneProps {
  /** Cluster name; also names its log group `/aws/eks/<name>/cluster`. */
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.35`. */
  readonly kubernetesVersion: string;
  readonly region: string;
  readonly vpcId: string;
  /** Private subnets for the control plane's network interfaces, one per AZ. */
  readonly subnetIds: readonly string[];
  /**
   * Sources allowed to reach the public API endpoint. Empty keeps the endpoint private only
   * (reachable from inside the VPC). @default []
   */
  readonly publicAccessCidrs?: readonly string[];
  /** Encrypts Kubernetes Secrets (envelope encryption) and the control-plane log group; its policy must allow CloudWatch Logs. */
  readonly key: PlatformKey;
  readonly logRetentionDays: number;
  /** Role names (in the key's account) that get cluster-admin through an access entry; at least one. */
  readonly adminRoleNames: readonly string[];
  /** Prefix of the cluster role's name; IAM appends a unique suffix. */
  readonly rolePrefix: string;
}

/**
 * An EKS control plane that only its access entries can administer: API authentication mode,
 * no implicit admin for its creator and no aws-auth ConfigMap; Secrets envelope-encrypted; every
 * control-plane log in a log group the stack owns (created first, so EKS never makes an
 * unmanaged one); the public endpoint off unless sources are listed; an IAM OIDC provider for
 * service-account roles; and a security group that marks the nodes for others to admit.
 */
export class EksControlPlane extends Construct {
  readonly clusterName: string;
  readonly connection: ClusterConnection;
  /** The security group EKS creates for the control plane and nodes. */
  readonly clusterSecurityGroupId: string;
  /** A rule-less group attached to every node beside the cluster group: what databases admit. */
  readonly nodeSecurityGroupId: string;
  readonly oidcProviderArn: string;
  /** Issuer URL without `https://`, the prefix of IRSA condition keys. */
  readonly oidcIssuer: string;
  /** The cluster, for add-ons and node groups that must wait for it. */
  readonly cluster: EksCluster;

  constructor(scope: Construct, id: string, props: EksControlPlaneProps) {
    super(scope, id);
    if (props.adminRoleNames.length === 0) throw new Error(`EksControlPlane ${id}: adminRoleNames is empty; a cluster nobody can administer cannot be managed`);
    if (props.subnetIds.length < 2) throw new Error(`EksControlPlane ${id}: subnetIds must name subnets in at least 2 AZs (EKS requires it)`);
    const { key } = props;
    const publicAccessCidrs = props.publicAccessCidrs ?? [];

    const logGroup = new EncryptedLogGroup(this, 'log-group', { name: `/aws/eks/${props.name}/cluster`, key, retentionDays: props.logRetentionDays });

    const role = new ServiceRole(this, 'role', {
      service: 'eks.amazonaws.com',
      managedPolicies: ['AmazonEKSClusterPolicy'],
      // Envelope encryption of Secrets: EKS uses the key as the cluster role (the actions EKS documents).
      statements: [
        { sid: 'EnvelopeEncryptionOfSecrets', effect: 'Allow', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [key.keyArn] },
      ],
      partition: key.partition,
      namePrefix: props.rolePrefix,
      description: `EKS control plane of ${props.name}`,
    });

    this.cluster = new EksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: role.roleArn,
      upgradePolicy: { supportType: 'STANDARD' },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccessCidrs.length > 0,
        ...(publicAccessCidrs.length > 0 ? { publicAccessCidrs: [...publicAccessCidrs] } : {}),
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: key.keyArn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      dependsOn: [logGroup.resource, ...role.permissions],
    });
    const cluster = this.cluster;
    this.clusterName = cluster.name;
    this.clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
    this.connection = {
      clusterName: cluster.name,
      endpoint: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthority.get(0).data,
      region: props.region,
    };

    const issuerUrl = cluster.identity.get(0).oidc.get(0).issuer;
    const oidcProvider = new IamOpenidConnectProvider(this, 'oidc-provider', { url: issuerUrl, clientIdList: [STS_AUDIENCE] });
    this.oidcProviderArn = oidcProvider.arn;
    this.oidcIssuer = Fn.replace(issuerUrl, 'https://', '');

    const nodeGroup = new SecurityGroup(this, 'node-security-group', {
      namePrefix: `${props.name}-nodes-`,
      description: `Marks the nodes of EKS cluster ${props.name}; the cluster security group carries their rules`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-nodes` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.nodeSecurityGroupId = nodeGroup.id;

    for (const roleName of props.adminRoleNames) {
      const principalArn = `arn:${key.partition}:iam::${key.accountId}:role/${roleName}`;
      const entry = new EksAccessEntry(this, `access-${roleName}`, { clusterName: cluster.name, principalArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `cluster-admin-${roleName}`, {
        clusterName: cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${key.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
        accessScope: { type: 'cluster' },
      });
    }
  }
}
