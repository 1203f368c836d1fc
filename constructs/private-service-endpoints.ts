import { Construct } from 'constructs';
import { SecurityGroup, VpcEndpoint, VpcSecurityGroupIngressRule } from '../providers/aws';

export interface PrivateServiceEndpointsProps {
  /** Name prefix, e.g. `dp-dev`. */
  readonly name: string;
  readonly region: string;
  readonly vpcId: string;
  /** Clients allowed to reach the interface endpoints on 443. */
  readonly vpcCidr: string;
  /** Subnets that get an interface endpoint network interface (one per AZ). */
  readonly subnetIds: readonly string[];
  /** Route tables that get the S3 gateway endpoint route. */
  readonly routeTableIds: readonly string[];
  /** Interface endpoint services, e.g. `sts`, `ecr.api`. */
  readonly interfaceServices: readonly string[];
}

/**
 * S3 through a gateway endpoint and AWS APIs through interface endpoints, so private
 * and isolated workloads reach them without NAT, and S3 traffic costs no NAT processing.
 */
export class PrivateServiceEndpoints extends Construct {
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: PrivateServiceEndpointsProps) {
    super(scope, id);
    new VpcEndpoint(this, 's3-gateway', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...props.routeTableIds],
      tags: { Name: `${props.name}-s3` },
    });

    const securityGroup = new SecurityGroup(this, 'interface-endpoints', {
      namePrefix: `${props.name}-endpoints-`,
      description: 'HTTPS from inside the VPC to AWS interface endpoints',
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-endpoints` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = securityGroup.id;
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      securityGroupId: securityGroup.id,
      description: 'HTTPS from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });

    for (const service of props.interfaceServices) {
      new VpcEndpoint(this, `interface-${service.replace(/\./g, '-')}`, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [securityGroup.id],
        tags: { Name: `${props.name}-${service}` },
      });
    }
  }
}
