import { z } from 'zod';
import { addressCount, contains, hasHostBits, overlaps, parseCidr, type Cidr } from '../cidr';
import { cidrField, logRetentionDaysField } from '../fields';

/** Interface endpoints the network can create; private nodes reach these services without NAT. */
export const INTERFACE_ENDPOINT_SERVICES = [
  'sts',
  'ecr.api',
  'ecr.dkr',
  'secretsmanager',
  'logs',
  'kms',
  'ec2',
  'elasticloadbalancing',
  'autoscaling',
  'eks',
  'eks-auth',
] as const;

/** AWS refuses subnets smaller than /28 and VPCs outside /16../28. */
const AWS_MIN_SUBNET_PREFIX = 28;
const AWS_MAX_VPC_PREFIX = 16;

/**
 * EKS's VPC CNI gives every pod an address from the node's subnet, so private subnets
 * need room for the pods of the ingestion and orchestration node groups, not just nodes.
 */
const MIN_PRIVATE_SUBNET_ADDRESSES = 1024;

const SUBNET_TIERS = ['public', 'private', 'isolated'] as const;

/** The `network` stack: the VPC, its subnets per AZ and tier, NAT, endpoints and flow logs. */
export const networkSchema = z.strictObject({
  vpcCidr: cidrField('the VPC range'),
  /** One subnet per availability zone and tier, in the order of `availabilityZones`. */
  subnets: z.strictObject({
    public: z.array(cidrField('a public subnet')),
    private: z.array(cidrField('a private subnet')),
    isolated: z.array(cidrField('an isolated subnet')),
  }),
  /** `perAz` keeps egress up when one AZ fails; `single` saves cost outside prod. */
  natGateways: z.enum(['single', 'perAz']),
  interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).default(['sts', 'ecr.api', 'ecr.dkr', 'secretsmanager', 'logs']),
  flowLogs: z
    .strictObject({
      trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL'),
      retentionDays: logRetentionDaysField.default(365),
      aggregationIntervalSeconds: z.union([z.literal(60), z.literal(600)]).default(60),
    })
    .prefault({}),
});

export type NetworkConfig = z.output<typeof networkSchema>;

/** Every subnet inside the VPC, one per AZ and tier, none overlapping, each big enough for its tier. */
export function checkSubnetLayout(network: NetworkConfig, zoneCount: number, ctx: z.RefinementCtx): void {
  const vpc = parseCidr(network.vpcCidr);
  if (vpc && (vpc.prefix < AWS_MAX_VPC_PREFIX || vpc.prefix > AWS_MIN_SUBNET_PREFIX)) {
    ctx.addIssue({
      code: 'custom',
      path: ['network', 'vpcCidr'],
      message: `"${network.vpcCidr}" has prefix /${vpc.prefix}; AWS VPCs must be /${AWS_MAX_VPC_PREFIX} to /${AWS_MIN_SUBNET_PREFIX}`,
    });
  }
  const placed: { path: (string | number)[]; text: string; cidr: Cidr }[] = [];
  for (const tier of SUBNET_TIERS) {
    const subnets = network.subnets[tier];
    if (subnets.length !== zoneCount) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'subnets', tier],
        message: `has ${subnets.length} subnet${subnets.length === 1 ? '' : 's'} but there are ${zoneCount} availability zones; give exactly one per zone, in the same order`,
      });
    }
    subnets.forEach((text, index) => {
      const cidr = parseCidr(text);
      if (!cidr || hasHostBits(cidr)) return;
      const path = ['network', 'subnets', tier, index];
      if (cidr.prefix > AWS_MIN_SUBNET_PREFIX) {
        ctx.addIssue({ code: 'custom', path, message: `"${text}" is smaller than /${AWS_MIN_SUBNET_PREFIX}, the smallest subnet AWS allows` });
      } else if (tier === 'private' && addressCount(cidr) < MIN_PRIVATE_SUBNET_ADDRESSES) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${text}" holds ${addressCount(cidr)} addresses; private subnets need at least ${MIN_PRIVATE_SUBNET_ADDRESSES} (/22) because every EKS pod takes a VPC address`,
        });
      }
      if (vpc && !contains(vpc, cidr)) {
        ctx.addIssue({ code: 'custom', path, message: `"${text}" is outside the VPC range "${network.vpcCidr}"` });
      }
      const clash = placed.find((other) => overlaps(other.cidr, cidr));
      if (clash) {
        ctx.addIssue({ code: 'custom', path, message: `"${text}" overlaps ${clash.path.join('.')} ("${clash.text}"); subnets must not share addresses` });
      }
      placed.push({ path, text, cidr });
    });
  }
}
