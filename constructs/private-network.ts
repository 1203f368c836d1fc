import { Construct } from 'constructs';
import {
  DefaultSecurityGroup,
  Eip,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  Route,
  RouteTable,
  RouteTableAssociation,
  Subnet,
  Vpc,
} from '../providers/aws';

/** One CIDR per availability zone, in the same order as `availabilityZones`. */
export interface SubnetLayout {
  /** Load balancers and NAT gateways. */
  readonly public: readonly string[];
  /** Nodes and pods; egress through NAT. */
  readonly private: readonly string[];
  /** Databases; no route out of the VPC at all. */
  readonly isolated: readonly string[];
}

export interface PrivateNetworkProps {
  /** Name prefix for the VPC and its parts, e.g. `dp-dev`. */
  readonly name: string;
  readonly cidr: string;
  /** AZ names, written out so nothing is looked up at plan time. */
  readonly availabilityZones: readonly string[];
  readonly subnets: SubnetLayout;
  /** `perAz` survives the loss of an AZ; `single` is cheaper. @default "perAz" */
  readonly natGateways?: 'single' | 'perAz';
}

/**
 * A VPC with public, private and isolated subnets in every AZ, NAT egress for the
 * private tier, no egress at all for the isolated tier, and a default security group
 * that allows nothing (so nothing is ever attached to an open group by accident).
 */
export class PrivateNetwork extends Construct {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly isolatedSubnetIds: string[];
  readonly privateRouteTableIds: string[];
  /** Elastic IPs of the NAT gateways: every connection the private tier makes to the internet comes from one of these. */
  readonly natPublicIps: string[];

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);
    const zones = props.availabilityZones;
    for (const tier of ['public', 'private', 'isolated'] as const) {
      if (props.subnets[tier].length !== zones.length) {
        throw new Error(`PrivateNetwork ${id}: subnets.${tier} needs one CIDR per availability zone (${zones.length}), got ${props.subnets[tier].length}`);
      }
    }

    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;

    new DefaultSecurityGroup(this, 'default-security-group', { vpcId: vpc.id, ingress: [], egress: [] });

    const subnetsOf = (tier: keyof SubnetLayout, extraTags: Record<string, string>) =>
      zones.map(
        (zone, index) =>
          new Subnet(this, `${tier}-subnet-${zone}`, {
            vpcId: vpc.id,
            availabilityZone: zone,
            cidrBlock: props.subnets[tier][index],
            mapPublicIpOnLaunch: false,
            tags: { Name: `${props.name}-${tier}-${zone}`, Tier: tier, ...extraTags },
          }),
      );
    // The AWS Load Balancer Controller picks subnets by these role tags.
    const publicSubnets = subnetsOf('public', { 'kubernetes.io/role/elb': '1' });
    const privateSubnets = subnetsOf('private', { 'kubernetes.io/role/internal-elb': '1' });
    const isolatedSubnets = subnetsOf('isolated', {});
    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
    this.isolatedSubnetIds = isolatedSubnets.map((subnet) => subnet.id);

    const internetGateway = new InternetGateway(this, 'internet-gateway', { vpcId: vpc.id, tags: { Name: props.name } });
    const publicRoutes = new RouteTable(this, 'public-routes', { vpcId: vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });
    publicSubnets.forEach((subnet, index) =>
      new RouteTableAssociation(this, `public-routes-${zones[index]}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }),
    );

    const natZones = (props.natGateways ?? 'perAz') === 'perAz' ? zones : zones.slice(0, 1);
    const natAddresses = natZones.map((zone) => new Eip(this, `nat-address-${zone}`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${zone}` } }));
    this.natPublicIps = natAddresses.map((address) => address.publicIp);
    const natGateways = natZones.map((zone, index) => {
      const address = natAddresses[index];
      return new NatGateway(this, `nat-${zone}`, {
        allocationId: address.allocationId,
        subnetId: publicSubnets[index].id,
        tags: { Name: `${props.name}-nat-${zone}` },
        dependsOn: [internetGateway],
      });
    });

    this.privateRouteTableIds = privateSubnets.map((subnet, index) => {
      const zone = zones[index];
      const table = new RouteTable(this, `private-routes-${zone}`, { vpcId: vpc.id, tags: { Name: `${props.name}-private-${zone}` } });
      new Route(this, `private-default-route-${zone}`, {
        routeTableId: table.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: natGateways[Math.min(index, natGateways.length - 1)].id,
      });
      new RouteTableAssociation(this, `private-routes-association-${zone}`, { subnetId: subnet.id, routeTableId: table.id });
      return table.id;
    });

    const isolatedRoutes = new RouteTable(this, 'isolated-routes', { vpcId: vpc.id, tags: { Name: `${props.name}-isolated` } });
    isolatedSubnets.forEach((subnet, index) =>
      new RouteTableAssociation(this, `isolated-routes-${zones[index]}`, { subnetId: subnet.id, routeTableId: isolatedRoutes.id }),
    );

    // Second line of defence for databases: traffic can only come from and go to the VPC.
    new NetworkAcl(this, 'isolated-acl', {
      vpcId: vpc.id,
      subnetIds: this.isolatedSubnetIds,
      ingress: [{ ruleNo: 100, protocol: '-1', action: 'allow', cidrBlock: props.cidr, fromPort: 0, toPort: 0 }],
      egress: [{ ruleNo: 100, protocol: '-1', action: 'allow', cidrBlock: props.cidr, fromPort: 0, toPort: 0 }],
      tags: { Name: `${props.name}-isolated` },
    });
  }
}
