import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeFlowLogsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import type { Checks, DeployedPlatform, StackOnEmulator } from '../deploy/emulator-stack';

/** The network stack on the emulator: what must exist, and what moto keeps after a destroy. */
export const onEmulator: StackOnEmulator = {
  creates: [
    'vpc',
    'subnet',
    'security-group',
    'route-table',
    'internet-gateway',
    'elastic-ip',
    'nat-gateway',
    'vpc-endpoint',
    'network-interface',
    'network-acl',
    'flow-log',
    'log-group',
    'iam-role',
    'kms-key',
    'kms-alias',
  ],
  check: checkNetwork,
  driftGaps: [],
  leftovers: [
    { kind: 'nat-gateway', alsoOnAws: true, reason: 'deleted NAT gateways stay listed for a while', matches: (item) => item.state === 'deleted' },
    { kind: 'kms-key', alsoOnAws: true, reason: 'KMS keys wait out their deletion window', matches: (item) => item.state === 'PendingDeletion' },
    { kind: 'vpc-endpoint', alsoOnAws: false, reason: 'moto keeps deleted VPC endpoints listed with State "deleted"', matches: (item) => item.state?.toLowerCase() === 'deleted' },
    {
      kind: 'network-interface',
      alsoOnAws: false,
      reason: "moto does not delete a NAT gateway's network interface with the gateway; it stays \"available\" in a subnet that no longer exists",
      matches: (item, after) => item.state === 'available' && !after.has('subnet', item.subnetId),
    },
    {
      kind: 'network-acl',
      alsoOnAws: false,
      reason: "moto does not delete a VPC's default network ACL with the VPC",
      matches: (item, after) => item.isDefault === true && !after.has('vpc', item.vpcId),
    },
  ],
};

async function checkNetwork(deployed: DeployedPlatform, checks: Checks): Promise<void> {
  const { config, aws } = deployed;
  const outputs = deployed.outputs.network;
  const { network, availabilityZones: zones } = config;
  const vpcId = String(outputs.vpc_id);
  const byVpc = [{ Name: 'vpc-id', Values: [vpcId] }];

  const [vpc] = (await aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs ?? [];
  checks.equal('VPC CIDR', vpc?.CidrBlock, network.vpcCidr);
  checks.equal('VPC tag Environment (provider default_tags)', vpc?.Tags?.find((tag) => tag.Key === 'Environment')?.Value, config.environment);
  const hostnames = await aws.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }));
  checks.equal('VPC DNS hostnames', hostnames.EnableDnsHostnames?.Value, true);

  const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ Filters: byVpc }))).Subnets ?? [];
  checks.equal('subnet count (3 tiers x AZs)', subnets.length, 3 * zones.length);
  for (const tier of ['public', 'private', 'isolated'] as const) {
    zones.forEach((zone, index) => {
      const found = subnets.filter((s) => s.AvailabilityZone === zone && s.Tags?.some((t) => t.Key === 'Tier' && t.Value === tier));
      checks.equal(`${tier} subnets in ${zone}`, found.map((s) => s.CidrBlock), [network.subnets[tier][index]]);
      checks.equal(`${tier} subnet in ${zone} assigns no public IPs`, found[0]?.MapPublicIpOnLaunch, false);
    });
    checks.equal(`output ${tier}_subnet_ids`, [...(outputs[`${tier}_subnet_ids`] as string[])].sort(),
      subnets.filter((s) => s.Tags?.some((t) => t.Key === 'Tier' && t.Value === tier)).map((s) => s.SubnetId).sort());
  }

  const nats = ((await aws.ec2.send(new DescribeNatGatewaysCommand({ Filter: byVpc }))).NatGateways ?? []).filter((n) => n.State === 'available');
  const publicSubnets = new Set(outputs.public_subnet_ids as string[]);
  checks.equal(`NAT gateways (natGateways: ${network.natGateways})`, nats.length, network.natGateways === 'perAz' ? zones.length : 1);
  checks.ok('NAT gateways sit in public subnets', nats.every((n) => publicSubnets.has(n.SubnetId!)));

  const tables = (await aws.ec2.send(new DescribeRouteTablesCommand({ Filters: byVpc }))).RouteTables ?? [];
  const tableOf = (subnetId: string) => tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId));
  const defaultRoute = (subnetId: string) => tableOf(subnetId)?.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
  for (const subnetId of outputs.private_subnet_ids as string[]) {
    checks.ok(`private subnet ${subnetId} leaves through a NAT gateway`, nats.some((n) => n.NatGatewayId === defaultRoute(subnetId)?.NatGatewayId));
  }
  for (const subnetId of outputs.isolated_subnet_ids as string[]) {
    checks.equal(`isolated subnet ${subnetId} has no route out of the VPC`, defaultRoute(subnetId), undefined);
  }

  const flowLogs = (await aws.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }))).FlowLogs ?? [];
  checks.equal('flow logs on the VPC', flowLogs.length, 1);
  checks.equal('flow log traffic type', flowLogs[0]?.TrafficType, network.flowLogs.trafficType);
  checks.equal('flow log destination type', flowLogs[0]?.LogDestinationType, 'cloud-watch-logs');
  const logGroupName = String(outputs.flow_log_group_name);
  checks.ok('flow log writes to the flow log group', flowLogs[0]?.LogDestination?.endsWith(`:log-group:${logGroupName}`) ?? false, `destination ${flowLogs[0]?.LogDestination}`);
  const [logGroup] = ((await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }))).logGroups ?? []).filter((g) => g.logGroupName === logGroupName);
  checks.equal('flow log group retention (days)', logGroup?.retentionInDays, network.flowLogs.retentionDays);
  checks.ok('flow log group is encrypted with a KMS key', Boolean(logGroup?.kmsKeyId), 'no kmsKeyId');

  const [defaultGroup] = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [...byVpc, { Name: 'group-name', Values: ['default'] }] }))).SecurityGroups ?? [];
  checks.equal('default security group ingress rules', defaultGroup?.IpPermissions ?? null, []);
  checks.equal('default security group egress rules', defaultGroup?.IpPermissionsEgress ?? null, []);

  const endpoints = ((await aws.ec2.send(new DescribeVpcEndpointsCommand({ Filters: byVpc }))).VpcEndpoints ?? []).filter((e) => e.State?.toLowerCase() !== 'deleted');
  const services = endpoints.map((e) => `${e.VpcEndpointType}:${e.ServiceName}`).sort();
  const expected = ['Gateway:s3', ...network.interfaceEndpoints.map((service) => `Interface:${service}`)]
    .map((entry) => entry.replace(':', `:com.amazonaws.${config.region}.`))
    .sort();
  checks.equal('VPC endpoints', services, expected);
}
