import { Construct } from 'constructs';
import { SecurityGroup, SecurityGroupRule } from '../providers/aws';

export interface DatabaseSecurityGroupProps {
  /** Security group name, e.g. `dp-dev-postgres`. */
  readonly name: string;
  readonly vpcId: string;
  /** The database's port, the only one admitted. */
  readonly port: number;
  /**
   * Security groups whose members may connect, by a name that says who they are (each becomes
   * one rule, `from-<name>`). Nothing else is admitted: no CIDR, no other port. Required, not empty.
   */
  readonly clientSecurityGroupIds: Readonly<Record<string, string>>;
}

/**
 * A database's security group: one port, from the named client security groups only, and no
 * egress (a database starts no connections). Each client is an `aws_security_group_rule` with
 * `source_security_group_id`, the form that round-trips on AWS and on the emulator alike.
 */
export class DatabaseSecurityGroup extends Construct {
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: DatabaseSecurityGroupProps) {
    super(scope, id);
    const clients = Object.entries(props.clientSecurityGroupIds);
    if (clients.length === 0) throw new Error(`DatabaseSecurityGroup ${id}: clientSecurityGroupIds is empty; name the security groups that may connect`);
    if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) throw new Error(`DatabaseSecurityGroup ${id}: port must be 1-65535, got ${props.port}`);

    // No inline ingress or egress: AWS's default allow-all egress is removed, and the rules below are the only ones.
    const group = new SecurityGroup(this, 'group', {
      name: props.name,
      description: `${props.name}: PostgreSQL ${props.port} from ${clients.map(([name]) => name).join(' and ')} only`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    this.securityGroupId = group.id;
    for (const [client, sourceSecurityGroupId] of clients) {
      new SecurityGroupRule(this, `from-${client}`, {
        type: 'ingress',
        securityGroupId: group.id,
        protocol: 'tcp',
        fromPort: props.port,
        toPort: props.port,
        sourceSecurityGroupId,
        description: `PostgreSQL from the ${client} security group`,
      });
    }
  }
}
