import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { PlatformKey } from '../constructs/platform-key';
import { PrivateNetwork } from '../constructs/private-network';
import { PrivateServiceEndpoints } from '../constructs/private-service-endpoints';
import { VpcFlowLog } from '../constructs/vpc-flow-log';
import { PlatformStack, type PlatformStackProps } from './platform-stack';
import type { StackDefinition } from './stack-definition';

/** The VPC every other AWS resource lives in. */
export class NetworkStack extends PlatformStack {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly isolatedSubnetIds: string[];
  /** Public addresses of the NAT gateways, e.g. for allow-lists of services the platform calls out to. */
  readonly natPublicIps: string[];

  constructor(scope: Construct, definition: StackDefinition, props: PlatformStackProps) {
    super(scope, definition, props);
    const { config } = props;
    const { network } = config;

    const vpc = new PrivateNetwork(this, 'network', {
      name: this.baseName,
      cidr: network.vpcCidr,
      availabilityZones: config.availabilityZones,
      subnets: network.subnets,
      natGateways: network.natGateways,
    });
    this.vpcId = vpc.vpcId;
    this.vpcCidr = vpc.vpcCidr;
    this.publicSubnetIds = vpc.publicSubnetIds;
    this.privateSubnetIds = vpc.privateSubnetIds;
    this.isolatedSubnetIds = vpc.isolatedSubnetIds;
    this.natPublicIps = vpc.natPublicIps;

    const logsKey = new PlatformKey(this, 'logs-key', {
      alias: this.names.keyAlias('network-logs'),
      description: `Encrypts ${this.baseName} network logs (VPC Flow Logs)`,
      cloudWatchLogsRegion: config.region,
    });
    const flowLog = new VpcFlowLog(this, 'flow-log', {
      rolePrefix: this.names.rolePrefix('flow-logs'),
      vpcId: vpc.vpcId,
      logGroupName: this.names.logGroupName('vpc-flow-logs'),
      key: logsKey,
      retentionDays: network.flowLogs.retentionDays,
      trafficType: network.flowLogs.trafficType,
      aggregationIntervalSeconds: network.flowLogs.aggregationIntervalSeconds,
    });

    const endpoints = new PrivateServiceEndpoints(this, 'endpoints', {
      name: this.baseName,
      region: config.region,
      vpcId: vpc.vpcId,
      vpcCidr: network.vpcCidr,
      subnetIds: vpc.privateSubnetIds,
      // Not the isolated tier: databases need no S3, and its network ACL admits only VPC traffic.
      routeTableIds: vpc.privateRouteTableIds,
      interfaceServices: network.interfaceEndpoints,
    });

    new TerraformOutput(this, 'vpc_id', { value: this.vpcId, description: 'ID of the platform VPC' });
    new TerraformOutput(this, 'vpc_cidr', { value: network.vpcCidr, description: 'CIDR block of the platform VPC' });
    new TerraformOutput(this, 'public_subnet_ids', { value: this.publicSubnetIds, description: 'Public subnets (load balancers, NAT), one per AZ' });
    new TerraformOutput(this, 'private_subnet_ids', { value: this.privateSubnetIds, description: 'Private subnets (EKS nodes and pods), one per AZ' });
    new TerraformOutput(this, 'isolated_subnet_ids', { value: this.isolatedSubnetIds, description: 'Isolated subnets (databases), one per AZ, no route out of the VPC' });
    new TerraformOutput(this, 'endpoint_security_group_id', { value: endpoints.securityGroupId, description: 'Security group of the interface endpoints' });
    new TerraformOutput(this, 'nat_public_ips', { value: this.natPublicIps, description: 'Public addresses the private subnets reach the internet from (NAT gateways)' });
    new TerraformOutput(this, 'flow_log_group_name', { value: flowLog.logGroupName, description: 'CloudWatch log group receiving VPC Flow Logs' });
  }
}
