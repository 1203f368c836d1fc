import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeAddressesCommand,
  EC2Client,
  paginateDescribeFlowLogs,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { ECRClient, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import { IAMClient, paginateListPolicies, paginateListRoles } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient, paginateListAliases, paginateListKeys } from '@aws-sdk/client-kms';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { paginateListSecrets, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export type ResourceKind =
  | 'vpc'
  | 'subnet'
  | 'security-group'
  | 'route-table'
  | 'internet-gateway'
  | 'elastic-ip'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'network-interface'
  | 'network-acl'
  | 'flow-log'
  | 'bucket'
  | 'kms-key'
  | 'kms-alias'
  | 'secret'
  | 'log-group'
  | 'iam-role'
  | 'iam-policy'
  | 'ecr-repository';

/** One thing that exists in the account, with what the leftover rules look at. */
export interface InventoryItem {
  readonly kind: ResourceKind;
  readonly id: string;
  /** e.g. `deleted`, `PendingDeletion`, `scheduled-deletion`, `available`. */
  readonly state?: string;
  readonly vpcId?: string;
  readonly subnetId?: string;
  readonly isDefault?: boolean;
}

/** Everything the AWS-only stacks can create, listed from one account and region. */
export class Inventory {
  private readonly keys: Set<string>;

  constructor(readonly items: readonly InventoryItem[]) {
    this.keys = new Set(items.map(keyOf));
  }

  has(kind: ResourceKind, id: string | undefined): boolean {
    return id !== undefined && this.keys.has(`${kind}:${id}`);
  }

  /** What exists now that did not exist in `baseline`. */
  newSince(baseline: Inventory): InventoryItem[] {
    return this.items.filter((item) => !baseline.has(item.kind, item.id));
  }
}

export function describeItem(item: InventoryItem): string {
  return `${item.kind} ${item.id}${item.state ? ` (${item.state})` : ''}`;
}

function keyOf(item: InventoryItem): string {
  return `${item.kind}:${item.id}`;
}

export interface AwsClients {
  readonly ec2: EC2Client;
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly secrets: SecretsManagerClient;
  readonly logs: CloudWatchLogsClient;
  readonly iam: IAMClient;
  readonly ecr: ECRClient;
}

export async function takeInventory(clients: AwsClients): Promise<Inventory> {
  const groups = await Promise.all([ec2Items(clients.ec2), kmsItems(clients.kms), otherItems(clients)]);
  return new Inventory(groups.flat());
}

async function collect<Page, Item>(pages: AsyncIterable<Page>, items: (page: Page) => Item[] | undefined): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

async function ec2Items(ec2: EC2Client): Promise<InventoryItem[]> {
  const c = { client: ec2 };
  const [vpcs, subnets, groups, tables, gateways, addresses, nats, endpoints, interfaces, acls, flowLogs] = await Promise.all([
    collect(paginateDescribeVpcs(c, {}), (p) => p.Vpcs),
    collect(paginateDescribeSubnets(c, {}), (p) => p.Subnets),
    collect(paginateDescribeSecurityGroups(c, {}), (p) => p.SecurityGroups),
    collect(paginateDescribeRouteTables(c, {}), (p) => p.RouteTables),
    collect(paginateDescribeInternetGateways(c, {}), (p) => p.InternetGateways),
    ec2.send(new DescribeAddressesCommand({})).then((r) => r.Addresses ?? []),
    collect(paginateDescribeNatGateways(c, {}), (p) => p.NatGateways),
    collect(paginateDescribeVpcEndpoints(c, {}), (p) => p.VpcEndpoints),
    collect(paginateDescribeNetworkInterfaces(c, {}), (p) => p.NetworkInterfaces),
    collect(paginateDescribeNetworkAcls(c, {}), (p) => p.NetworkAcls),
    collect(paginateDescribeFlowLogs(c, {}), (p) => p.FlowLogs),
  ]);
  return [
    ...vpcs.map((v) => ({ kind: 'vpc' as const, id: v.VpcId!, isDefault: v.IsDefault })),
    ...subnets.map((s) => ({ kind: 'subnet' as const, id: s.SubnetId!, vpcId: s.VpcId })),
    ...groups.map((g) => ({ kind: 'security-group' as const, id: g.GroupId!, vpcId: g.VpcId })),
    ...tables.map((t) => ({ kind: 'route-table' as const, id: t.RouteTableId!, vpcId: t.VpcId })),
    ...gateways.map((g) => ({ kind: 'internet-gateway' as const, id: g.InternetGatewayId! })),
    ...addresses.map((a) => ({ kind: 'elastic-ip' as const, id: a.AllocationId! })),
    ...nats.map((n) => ({ kind: 'nat-gateway' as const, id: n.NatGatewayId!, state: n.State, vpcId: n.VpcId })),
    ...endpoints.map((e) => ({ kind: 'vpc-endpoint' as const, id: e.VpcEndpointId!, state: e.State, vpcId: e.VpcId })),
    ...interfaces.map((i) => ({ kind: 'network-interface' as const, id: i.NetworkInterfaceId!, state: i.Status, vpcId: i.VpcId, subnetId: i.SubnetId })),
    ...acls.map((a) => ({ kind: 'network-acl' as const, id: a.NetworkAclId!, vpcId: a.VpcId, isDefault: a.IsDefault })),
    ...flowLogs.map((f) => ({ kind: 'flow-log' as const, id: f.FlowLogId! })),
  ];
}

async function kmsItems(kms: KMSClient): Promise<InventoryItem[]> {
  const keys = await collect(paginateListKeys({ client: kms }, {}), (p) => p.Keys);
  const described = await Promise.all(keys.map((key) => kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))));
  const aliases = await collect(paginateListAliases({ client: kms }, {}), (p) => p.Aliases);
  return [
    ...described.map((d) => ({ kind: 'kms-key' as const, id: d.KeyMetadata!.KeyId!, state: d.KeyMetadata!.KeyState })),
    ...aliases.map((a) => ({ kind: 'kms-alias' as const, id: a.AliasName! })),
  ];
}

async function otherItems(clients: AwsClients): Promise<InventoryItem[]> {
  const [buckets, secrets, logGroups, roles, policies, repositories] = await Promise.all([
    clients.s3.send(new ListBucketsCommand({})).then((r) => r.Buckets ?? []),
    collect(paginateListSecrets({ client: clients.secrets }, { IncludePlannedDeletion: true }), (p) => p.SecretList),
    collect(paginateDescribeLogGroups({ client: clients.logs }, {}), (p) => p.logGroups),
    collect(paginateListRoles({ client: clients.iam }, {}), (p) => p.Roles),
    collect(paginateListPolicies({ client: clients.iam }, { Scope: 'Local' }), (p) => p.Policies),
    collect(paginateDescribeRepositories({ client: clients.ecr }, {}), (p) => p.repositories),
  ]);
  return [
    ...buckets.map((b) => ({ kind: 'bucket' as const, id: b.Name! })),
    ...secrets.map((s) => ({ kind: 'secret' as const, id: s.Name!, state: s.DeletedDate ? 'scheduled-deletion' : 'active' })),
    ...logGroups.map((g) => ({ kind: 'log-group' as const, id: g.logGroupName! })),
    ...roles.map((r) => ({ kind: 'iam-role' as const, id: r.RoleName! })),
    ...policies.map((p) => ({ kind: 'iam-policy' as const, id: p.Arn! })),
    ...repositories.map((r) => ({ kind: 'ecr-repository' as const, id: r.repositoryName! })),
  ];
}
