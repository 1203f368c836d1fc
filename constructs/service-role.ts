import { Construct } from 'constructs';
import { IamRole, IamRolePolicy, IamRolePolicyAttachment } from '../providers/aws';
import { policyDocument, type PolicyStatement } from './policy-document';

export interface ServiceRoleProps {
  /** The AWS service that assumes the role, e.g. `eks.amazonaws.com`. */
  readonly service: string;
  /** Names of AWS-managed policies to attach, e.g. `AmazonEKSClusterPolicy`. */
  readonly managedPolicies: readonly string[];
  /** `aws`, `aws-cn` or `aws-us-gov`: the partition of the managed policies' ARNs. */
  readonly partition: string;
  /** What the service needs beyond the managed policies, from grant methods. @default none */
  readonly statements?: readonly PolicyStatement[];
  /** Prefix of the role name; IAM appends a unique suffix. */
  readonly namePrefix: string;
  /** What the role is for; shown in the IAM console. */
  readonly description: string;
}

/**
 * A role an AWS service assumes, holding AWS-managed policies (AWS keeps those current as the
 * service's needs change: EKS control plane, EC2 nodes) and whatever grants it needs beside them.
 */
export class ServiceRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;
  /** Depend on these before asking the service to use the role: its permissions. */
  readonly permissions: (IamRolePolicyAttachment | IamRolePolicy)[];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    if (props.managedPolicies.length === 0) throw new Error(`ServiceRole ${id}: managedPolicies is empty; name the AWS-managed policies the service needs`);
    const role = new IamRole(this, 'role', {
      namePrefix: props.namePrefix,
      description: props.description,
      assumeRolePolicy: policyDocument(this, 'trust-policy', [
        { sid: 'AssumedByService', effect: 'Allow', principal: { Service: props.service }, actions: ['sts:AssumeRole'] },
      ]),
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.permissions = props.managedPolicies.map(
      (policy) => new IamRolePolicyAttachment(this, policy, { role: role.name, policyArn: `arn:${props.partition}:iam::aws:policy/${policy}` }),
    );
    if (props.statements?.length) {
      this.permissions.push(new IamRolePolicy(this, 'policy', { role: role.id, policy: policyDocument(this, 'policy-document', props.statements) }));
    }
  }
}
