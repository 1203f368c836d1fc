import { loadConfig } from '../../config';
import { Vpc } from '../../providers/aws';
import { addressOf, resourcesOf, statementsOf, synthPlatform, type SynthesizedStack } from '../support/synth';

const config = loadConfig({ env: 'dev' });
let network: SynthesizedStack;
let prodNetwork: SynthesizedStack;

beforeAll(() => {
  network = synthPlatform({ env: 'dev' }).stack('network');
  prodNetwork = synthPlatform({ env: 'prod' }).stack('network');
});

describe('network stack (dev)', () => {
  it('matches the snapshot', () => {
    expect(network.json).toMatchSnapshot();
  });

  it('creates the VPC with the configured CIDR and DNS', () => {
    expect(network.text).toHaveResourceWithProperties(Vpc, {
      cidr_block: '10.20.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it('creates one subnet per AZ and tier with the configured CIDRs, none assigning public IPs', () => {
    const subnets = resourcesOf(network, 'aws_subnet');
    expect(subnets).toHaveLength(9);
    for (const tier of ['public', 'private', 'isolated'] as const) {
      const ofTier = subnets.filter((subnet) => subnet.tags.Tier === tier);
      expect(ofTier.map((subnet) => [subnet.availability_zone, subnet.cidr_block])).toEqual(
        config.availabilityZones.map((zone, index) => [zone, config.network.subnets[tier][index]]),
      );
    }
    expect(subnets.every((subnet) => subnet.map_public_ip_on_launch === false)).toBe(true);
  });

  it('tags subnets for the load balancer controller', () => {
    const subnets = resourcesOf(network, 'aws_subnet');
    expect(subnets.filter((subnet) => subnet.tags['kubernetes.io/role/elb'] === '1').map((subnet) => subnet.tags.Tier)).toEqual(['public', 'public', 'public']);
    expect(subnets.filter((subnet) => subnet.tags['kubernetes.io/role/internal-elb'] === '1').map((subnet) => subnet.tags.Tier)).toEqual([
      'private',
      'private',
      'private',
    ]);
  });

  it('uses one NAT gateway in dev, and every private route table points at it', () => {
    const nats = resourcesOf(network, 'aws_nat_gateway');
    expect(nats).toHaveLength(1);
    const nat = addressOf(network, 'aws_nat_gateway', nats[0]);
    const natRoutes = resourcesOf(network, 'aws_route').filter((route) => route.nat_gateway_id);
    expect(natRoutes).toHaveLength(3);
    expect(natRoutes.every((route) => route.nat_gateway_id === `\${${nat}.id}` && route.destination_cidr_block === '0.0.0.0/0')).toBe(true);
  });

  it('runs a NAT gateway in every AZ in prod', () => {
    expect(resourcesOf(prodNetwork, 'aws_nat_gateway')).toHaveLength(3);
  });

  it('reads no other stack', () => {
    expect(network.json.data?.terraform_remote_state).toBeUndefined();
  });

  it('gives the isolated tier no route out of the VPC and an ACL limited to the VPC', () => {
    const isolatedTable = Object.entries(network.json.resource.aws_route_table).find(([, table]) => table.tags.Name === 'dp-dev-isolated')!;
    const routesOfIsolated = resourcesOf(network, 'aws_route').filter((route) => route.route_table_id.includes(isolatedTable[0]));
    expect(routesOfIsolated).toEqual([]);
    const [acl] = resourcesOf(network, 'aws_network_acl');
    expect(acl.ingress).toEqual([expect.objectContaining({ action: 'allow', cidr_block: '10.20.0.0/16' })]);
    expect(acl.egress).toEqual([expect.objectContaining({ action: 'allow', cidr_block: '10.20.0.0/16' })]);
  });

  it('closes the default security group', () => {
    expect(resourcesOf(network, 'aws_default_security_group')).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
  });

  it('sends all flow logs to a KMS-encrypted log group with retention', () => {
    const [group] = resourcesOf(network, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: '/dp/dev/vpc-flow-logs', retention_in_days: 365 });
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    expect(group.depends_on).toEqual([expect.stringMatching(/^aws_kms_key_policy\./)]);
    const [flowLog] = resourcesOf(network, 'aws_flow_log');
    expect(flowLog).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', max_aggregation_interval: 60 });
    expect(flowLog.log_destination).toBe(`\${${addressOf(network, 'aws_cloudwatch_log_group', group)}.arn}`);
  });

  it('lets the CloudWatch Logs service use the logs key only for this account and region', () => {
    const [keyPolicy] = resourcesOf(network, 'aws_kms_key_policy');
    const logsStatement = statementsOf(network, keyPolicy.policy).find((statement) => statement.sid === 'CloudWatchLogsEncryptsThisAccountsLogGroups')!;
    expect(logsStatement.principals).toEqual([{ type: 'Service', identifiers: ['logs.us-east-1.amazonaws.com'] }]);
    expect(logsStatement.condition).toEqual([
      { test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: [expect.stringMatching(/^arn:\$\{.*\}:logs:us-east-1:\$\{.*\}:log-group:\*$/)] },
    ]);
    expect(resourcesOf(network, 'aws_kms_key')).toEqual([expect.objectContaining({ enable_key_rotation: true, deletion_window_in_days: 30 })]);
  });

  it('scopes the flow-log role to its log group', () => {
    const [rolePolicy] = resourcesOf(network, 'aws_iam_role_policy');
    const group = addressOf(network, 'aws_cloudwatch_log_group', resourcesOf(network, 'aws_cloudwatch_log_group')[0]);
    expect(statementsOf(network, rolePolicy.policy)).toEqual([
      expect.objectContaining({ actions: expect.arrayContaining(['logs:PutLogEvents']), resources: [`\${${group}.arn}`, `\${${group}.arn}:*`] }),
    ]);
    const [role] = resourcesOf(network, 'aws_iam_role');
    expect(role.name_prefix).toBe('dp-dev-flow-logs-');
    const [trust] = statementsOf(network, role.assume_role_policy);
    expect(trust).toMatchObject({ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }] });
    expect(trust.condition).toEqual([{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [expect.stringMatching(/^\$\{element\(split/)] }]);
  });

  it('creates the S3 gateway endpoint on private and isolated route tables and the interface endpoints', () => {
    const endpoints = resourcesOf(network, 'aws_vpc_endpoint');
    const gateway = endpoints.find((endpoint) => endpoint.vpc_endpoint_type === 'Gateway')!;
    expect(gateway.service_name).toBe('com.amazonaws.us-east-1.s3');
    expect(gateway.route_table_ids).toHaveLength(3);
    expect(gateway.route_table_ids.join()).not.toMatch(/isolated/);
    expect(endpoints.filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface').map((endpoint) => endpoint.service_name).sort()).toEqual(
      config.network.interfaceEndpoints.map((service) => `com.amazonaws.us-east-1.${service}`).sort(),
    );
    const [https] = resourcesOf(network, 'aws_vpc_security_group_ingress_rule');
    expect(https).toMatchObject({ from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr_ipv4: '10.20.0.0/16' });
  });

  it('declares the outputs later stacks consume, each with a description', () => {
    const outputs = Object.fromEntries(Object.entries(network.json.output!).filter(([name]) => !name.startsWith('cross-stack-output-')));
    expect(Object.keys(outputs).sort()).toEqual([
      'endpoint_security_group_id',
      'flow_log_group_name',
      'isolated_subnet_ids',
      'private_subnet_ids',
      'public_subnet_ids',
      'vpc_cidr',
      'vpc_id',
    ]);
    expect(Object.values(outputs).every((output) => (output.description ?? '').length > 0)).toBe(true);
  });
});
