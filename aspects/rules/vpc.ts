import type { PolicyRule, SynthesizedResource } from '../policy';
import { perResource, violation } from './violation';

const OPENS_TO_ANYWHERE = /"0\.0\.0\.0\/0"|"::\/0"/;

/** Every VPC records its traffic. */
export const vpcFlowLogged = perResource({ id: 'vpc-flow-logs', checkovId: 'CKV2_AWS_11' }, 'aws_vpc', (vpc, resources) =>
  resources.referencing('aws_flow_log', 'vpc_id', vpc).length === 0 ? 'VPC has no flow log; add VpcFlowLog' : undefined,
);

/** The default security group of every VPC allows nothing, so nothing is attached to an open group by accident. */
export const defaultSecurityGroupClosed = perResource({ id: 'default-security-group-closed', checkovId: 'CKV2_AWS_12' }, 'aws_vpc', (vpc, resources) =>
  resources
    .referencing('aws_default_security_group', 'vpc_id', vpc)
    .some((group) => JSON.stringify(group.attributes.ingress) === '[]' && JSON.stringify(group.attributes.egress) === '[]')
    ? undefined
    : 'VPC default security group is not managed with empty ingress and egress',
);

const fromAnywhere = (rule: SynthesizedResource) => violation(noIngressFromAnywhere, rule, 'security group rule admits traffic from the whole internet; use adminCidrs');

/** No security group admits the whole internet; admin endpoints admit `adminCidrs`. */
export const noIngressFromAnywhere: PolicyRule = {
  id: 'no-ingress-from-anywhere',
  check: (resources) => [
    ...resources
      .ofType('aws_vpc_security_group_ingress_rule')
      .filter((rule) => ['0.0.0.0/0', '::/0'].includes(String(rule.attributes.cidr_ipv4 ?? rule.attributes.cidr_ipv6 ?? '')))
      .map(fromAnywhere),
    ...resources
      .ofType('aws_security_group_rule')
      .filter((rule) => rule.attributes.type === 'ingress' && OPENS_TO_ANYWHERE.test(JSON.stringify([rule.attributes.cidr_blocks, rule.attributes.ipv6_cidr_blocks])))
      .map(fromAnywhere),
    ...resources
      .ofType('aws_security_group')
      .filter((group) => OPENS_TO_ANYWHERE.test(JSON.stringify(group.attributes.ingress ?? [])))
      .map((group) => violation(noIngressFromAnywhere, group, 'inline ingress admits traffic from the whole internet; use adminCidrs')),
  ],
};

export const vpcRules: readonly PolicyRule[] = [vpcFlowLogged, defaultSecurityGroupClosed, noIngressFromAnywhere];
