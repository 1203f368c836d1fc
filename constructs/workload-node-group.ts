import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { NodeGroupSizing, Workload } from '../config/sizing';
import { EksNodeGroup, LaunchTemplate } from '../providers/aws';
import { ServiceRole } from './service-role';
import { TAINTED_WORKLOADS, WORKLOAD_LABEL } from './workload-placement';

/** Amazon Linux 2023, the EKS-optimized image EKS picks and patches per Kubernetes version. */
const AMI_TYPE = 'AL2023_x86_64_STANDARD';

/** What every node's role needs: join the cluster and pull images. Pod networking has its own IRSA role. */
const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'];

export interface WorkloadNodeGroupProps {
  readonly clusterName: string;
  readonly workload: Workload;
  /** Instance type and scaling bounds, from the capacity plan. */
  readonly sizing: NodeGroupSizing;
  /** Private subnets only: nodes get no public address. */
  readonly subnetIds: readonly string[];
  /** Security groups of every node: the cluster's and the nodes' own. */
  readonly securityGroupIds: readonly string[];
  /** Size of the encrypted gp3 root volume. */
  readonly volumeGib: number;
  /** Tags for the instances and volumes the group launches (the provider's default tags reach only the template). */
  readonly instanceTags: Readonly<Record<string, string>>;
  readonly partition: string;
  /** Prefix of the node role's name; IAM appends a unique suffix. */
  readonly rolePrefix: string;
  /** What must exist before nodes join, e.g. the CNI add-on. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * An EKS managed node group for one workload, launched from a template with IMDSv2 required
 * and a hop limit of 1 (pods cannot reach the node's credentials; they use IRSA), an encrypted
 * gp3 root volume, the workload's label, and for batch workloads a taint. After creation the
 * cluster autoscaler owns the desired size.
 */
export class WorkloadNodeGroup extends Construct {
  readonly nodeRoleArn: string;
  readonly nodeGroupName: string;
  /** The node group, for add-ons whose pods must wait for nodes. */
  readonly resource: EksNodeGroup;

  constructor(scope: Construct, id: string, props: WorkloadNodeGroupProps) {
    super(scope, id);
    const { sizing, workload } = props;
    if (!(sizing.minSize <= sizing.desiredSize && sizing.desiredSize <= sizing.maxSize)) {
      throw new Error(`WorkloadNodeGroup ${id}: sizing must have minSize <= desiredSize <= maxSize, got ${sizing.minSize}/${sizing.desiredSize}/${sizing.maxSize}`);
    }
    if (sizing.maxSize < 1) throw new Error(`WorkloadNodeGroup ${id}: sizing.maxSize must be at least 1`);

    const role = new ServiceRole(this, 'node-role', {
      service: 'ec2.amazonaws.com',
      managedPolicies: NODE_POLICIES,
      partition: props.partition,
      namePrefix: props.rolePrefix,
      description: `${workload} nodes of EKS cluster ${props.clusterName}`,
    });
    this.nodeRoleArn = role.roleArn;

    const tags = { ...props.instanceTags, Name: `${props.clusterName}-${workload}`, [WORKLOAD_LABEL]: workload };
    const template = new LaunchTemplate(this, 'launch-template', {
      namePrefix: `${props.clusterName}-${workload}-`,
      description: `${workload} nodes of ${props.clusterName}: IMDSv2 only, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          // The AWS-managed EBS key: a customer key would need the Auto Scaling service-linked
          // role in its policy, which a fresh account does not have until its first group exists.
          ebs: { volumeSize: props.volumeGib, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({ resourceType, tags })),
    });

    this.resource = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterName,
      nodeGroupNamePrefix: `${workload}-`,
      nodeRoleArn: role.roleArn,
      subnetIds: [...props.subnetIds],
      amiType: AMI_TYPE,
      capacityType: 'ON_DEMAND',
      instanceTypes: [sizing.instanceType],
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      scalingConfig: { minSize: sizing.minSize, desiredSize: sizing.desiredSize, maxSize: sizing.maxSize },
      updateConfig: { maxUnavailablePercentage: 33 },
      labels: { [WORKLOAD_LABEL]: workload },
      ...(TAINTED_WORKLOADS.includes(workload) ? { taint: [{ key: WORKLOAD_LABEL, value: workload, effect: 'NO_SCHEDULE' }] } : {}),
      // The autoscaler moves desired size between min and max; a deploy must not reset it
      // (the one ignore_changes terraform-aws-modules' eks module also makes). A new name prefix
      // lets a changed instance type roll out before the old group goes.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'], createBeforeDestroy: true },
      dependsOn: [...role.permissions, ...(props.dependsOn ?? [])],
    });
    this.nodeGroupName = this.resource.nodeGroupName;
  }
}
