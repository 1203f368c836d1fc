import type { PolicyRule } from '../policy';
import { violation } from './violation';

const ANYWHERE = ['0.0.0.0/0', '::/0'];

/** Only load balancers' listeners may face the internet, and those are declared by their own stacks' rules. */
export const noIngressFromAnywhere: PolicyRule = {
  id: 'no-ingress-from-anywhere',
  check: (resources) => [
    ...resources
      .ofType('aws_vpc_security_group_ingress_rule')
      .filter((rule) => ANYWHERE.includes(String(rule.attributes.cidr_ipv4 ?? rule.attributes.cidr_ipv6 ?? '')))
      .map((rule) => violation('no-ingress-from-anywhere', rule, 'security group rule admits traffic from the whole internet; use adminCidrs')),
    ...resources
      .ofType('aws_security_group_rule')
      .filter((rule) => rule.attributes.type === 'ingress' && JSON.stringify([rule.attributes.cidr_blocks, rule.attributes.ipv6_cidr_blocks]).match(/"0\.0\.0\.0\/0"|"::\/0"/))
      .map((rule) => violation('no-ingress-from-anywhere', rule, 'security group rule admits traffic from the whole internet; use adminCidrs')),
    ...resources
      .ofType('aws_security_group')
      .filter((group) => JSON.stringify(group.attributes.ingress ?? []).match(/"0\.0\.0\.0\/0"|"::\/0"/))
      .map((group) => violation('no-ingress-from-anywhere', group, 'inline ingress admits traffic from the whole internet; use adminCidrs')),
  ],
};

/** The default security group of every VPC allows nothing. */
export const defaultSecurityGroupClosed: PolicyRule = {
  id: 'default-security-group-closed',
  check: (resources) =>
    resources.ofType('aws_vpc').flatMap((vpc) => {
      const closed = resources
        .referencing('aws_default_security_group', 'vpc_id', vpc)
        .some((group) => JSON.stringify(group.attributes.ingress) === '[]' && JSON.stringify(group.attributes.egress) === '[]');
      return closed ? [] : [violation('default-security-group-closed', vpc, 'VPC default security group is not managed with empty ingress and egress')];
    }),
};

export const networkRules: readonly PolicyRule[] = [noIngressFromAnywhere, defaultSecurityGroupClosed];
