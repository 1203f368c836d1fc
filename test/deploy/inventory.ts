import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeAddressesCommand,
  EC2Client,
  paginateDescribeFlowLogs,
  paginateDescribeInternetGateways,
  paginateDescribeLaunchTemplates,
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
import { EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { IAMClient, ListOpenIDConnectProvidersCommand, paginateListPolicies, paginateListRoles } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient, paginateListAliases, paginateListKeys } from '@aws-sdk/client-kms';
import { paginateDescribeDBInstances, paginateDescribeDBParameterGroups, paginateDescribeDBSubnetGroups, RDSClient } from '@aws-sdk/client-rds';
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
  | 'ecr-repository'
  | 'eks-cluster'
  | 'launch-template'
  | 'oidc-provider'
  | 'db-instance'
  | 'db-parameter-group'
  | 'db-subnet-group';

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

/** What exists in one account and region, of the kinds the deployed stacks create. */
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
  readonly eks: EKSClient;
  readonly rds: RDSClient;
}

/** Lists every item of each kind in the account and region; a stack names the kinds it creates. */
export async function takeInventory(clients: AwsClients, kinds: readonly ResourceKind[]): Promise<Inventory> {
  const wanted = [...new Set(kinds)];
  const lists = await Promise.all(wanted.map((kind) => LISTERS[kind](clients)));
  return new Inventory(lists.flat());
}

async function collect<Page, Item>(pages: AsyncIterable<Page>, items: (page: Page) => Item[] | undefined): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

const LISTERS: Readonly<Record<ResourceKind, (clients: AwsClients) => Promise<InventoryItem[]>>> = {
  vpc: async ({ ec2 }) => (await collect(paginateDescribeVpcs({ client: ec2 }, {}), (p) => p.Vpcs)).map((v) => ({ kind: 'vpc', id: v.VpcId!, isDefault: v.IsDefault })),
  subnet: async ({ ec2 }) => (await collect(paginateDescribeSubnets({ client: ec2 }, {}), (p) => p.Subnets)).map((s) => ({ kind: 'subnet', id: s.SubnetId!, vpcId: s.VpcId })),
  'security-group': async ({ ec2 }) =>
    (await collect(paginateDescribeSecurityGroups({ client: ec2 }, {}), (p) => p.SecurityGroups)).map((g) => ({ kind: 'security-group', id: g.GroupId!, vpcId: g.VpcId })),
  'route-table': async ({ ec2 }) =>
    (await collect(paginateDescribeRouteTables({ client: ec2 }, {}), (p) => p.RouteTables)).map((t) => ({ kind: 'route-table', id: t.RouteTableId!, vpcId: t.VpcId })),
  'internet-gateway': async ({ ec2 }) =>
    (await collect(paginateDescribeInternetGateways({ client: ec2 }, {}), (p) => p.InternetGateways)).map((g) => ({ kind: 'internet-gateway', id: g.InternetGatewayId! })),
  'elastic-ip': async ({ ec2 }) => ((await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).map((a) => ({ kind: 'elastic-ip', id: a.AllocationId! })),
  'nat-gateway': async ({ ec2 }) =>
    (await collect(paginateDescribeNatGateways({ client: ec2 }, {}), (p) => p.NatGateways)).map((n) => ({ kind: 'nat-gateway', id: n.NatGatewayId!, state: n.State, vpcId: n.VpcId })),
  'vpc-endpoint': async ({ ec2 }) =>
    (await collect(paginateDescribeVpcEndpoints({ client: ec2 }, {}), (p) => p.VpcEndpoints)).map((e) => ({ kind: 'vpc-endpoint', id: e.VpcEndpointId!, state: e.State, vpcId: e.VpcId })),
  'network-interface': async ({ ec2 }) =>
    (await collect(paginateDescribeNetworkInterfaces({ client: ec2 }, {}), (p) => p.NetworkInterfaces)).map((i) => ({
      kind: 'network-interface',
      id: i.NetworkInterfaceId!,
      state: i.Status,
      vpcId: i.VpcId,
      subnetId: i.SubnetId,
    })),
  'network-acl': async ({ ec2 }) =>
    (await collect(paginateDescribeNetworkAcls({ client: ec2 }, {}), (p) => p.NetworkAcls)).map((a) => ({ kind: 'network-acl', id: a.NetworkAclId!, vpcId: a.VpcId, isDefault: a.IsDefault })),
  'flow-log': async ({ ec2 }) => (await collect(paginateDescribeFlowLogs({ client: ec2 }, {}), (p) => p.FlowLogs)).map((f) => ({ kind: 'flow-log', id: f.FlowLogId! })),
  bucket: async ({ s3 }) => ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => ({ kind: 'bucket', id: b.Name! })),
  'kms-key': async ({ kms }) => {
    const keys = await collect(paginateListKeys({ client: kms }, {}), (p) => p.Keys);
    const described = await Promise.all(keys.map((key) => kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))));
    return described.map((d) => ({ kind: 'kms-key', id: d.KeyMetadata!.KeyId!, state: d.KeyMetadata!.KeyState }));
  },
  'kms-alias': async ({ kms }) => (await collect(paginateListAliases({ client: kms }, {}), (p) => p.Aliases)).map((a) => ({ kind: 'kms-alias', id: a.AliasName! })),
  secret: async ({ secrets }) =>
    (await collect(paginateListSecrets({ client: secrets }, { IncludePlannedDeletion: true }), (p) => p.SecretList)).map((s) => ({
      kind: 'secret',
      id: s.Name!,
      state: s.DeletedDate ? 'scheduled-deletion' : 'active',
    })),
  'log-group': async ({ logs }) => (await collect(paginateDescribeLogGroups({ client: logs }, {}), (p) => p.logGroups)).map((g) => ({ kind: 'log-group', id: g.logGroupName! })),
  'iam-role': async ({ iam }) => (await collect(paginateListRoles({ client: iam }, {}), (p) => p.Roles)).map((r) => ({ kind: 'iam-role', id: r.RoleName! })),
  'iam-policy': async ({ iam }) => (await collect(paginateListPolicies({ client: iam }, { Scope: 'Local' }), (p) => p.Policies)).map((p) => ({ kind: 'iam-policy', id: p.Arn! })),
  'ecr-repository': async ({ ecr }) =>
    (await collect(paginateDescribeRepositories({ client: ecr }, {}), (p) => p.repositories)).map((r) => ({ kind: 'ecr-repository', id: r.repositoryName! })),
  'eks-cluster': async ({ eks }) => (await collect(paginateListClusters({ client: eks }, {}), (p) => p.clusters)).map((name) => ({ kind: 'eks-cluster', id: name })),
  'launch-template': async ({ ec2 }) =>
    (await collect(paginateDescribeLaunchTemplates({ client: ec2 }, {}), (p) => p.LaunchTemplates)).map((t) => ({ kind: 'launch-template', id: t.LaunchTemplateId! })),
  'oidc-provider': async ({ iam }) =>
    ((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? []).map((p) => ({ kind: 'oidc-provider', id: p.Arn! })),
  'db-instance': async ({ rds }) =>
    (await collect(paginateDescribeDBInstances({ client: rds }, {}), (p) => p.DBInstances)).map((d) => ({ kind: 'db-instance', id: d.DBInstanceIdentifier!, state: d.DBInstanceStatus })),
  'db-parameter-group': async ({ rds }) =>
    (await collect(paginateDescribeDBParameterGroups({ client: rds }, {}), (p) => p.DBParameterGroups)).map((g) => ({ kind: 'db-parameter-group', id: g.DBParameterGroupName! })),
  'db-subnet-group': async ({ rds }) =>
    (await collect(paginateDescribeDBSubnetGroups({ client: rds }, {}), (p) => p.DBSubnetGroups)).map((g) => ({ kind: 'db-subnet-group', id: g.DBSubnetGroupName!, vpcId: g.VpcId })),
};
