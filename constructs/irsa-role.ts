import { Construct } from 'constructs';
import { nameProblem } from '../config/naming';
import { IamRole, IamRolePolicy, IamRolePolicyAttachment } from '../providers/aws';
import { policyDocument, type PolicyStatement } from './policy-document';

/** The audience EKS-issued service-account tokens carry for AWS STS. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

export interface IrsaRoleProps {
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer without `https://`, e.g. `oidc.eks.us-east-1.amazonaws.com/id/ABC`. */
  readonly oidcIssuer: string;
  /** Namespace of the one service account that may assume the role. */
  readonly namespace: string;
  /** Name of that service account. */
  readonly serviceAccount: string;
  /** What the role may do, from grant methods (e.g. `bucket.grantRead()`). @default none */
  readonly statements?: readonly PolicyStatement[];
  /**
   * Full ARNs of managed policies to attach, only for AWS-published policies that AWS keeps
   * current for an add-on (e.g. AmazonEKS_CNI_Policy). @default none
   */
  readonly managedPolicyArns?: readonly string[];
  /** Prefix of the role name; IAM appends a unique suffix. */
  readonly namePrefix: string;
  /** What the role is for; shown in the IAM console. */
  readonly description: string;
}

/**
 * An IAM role for one Kubernetes service account (IRSA): only a token the cluster issued to
 * exactly `system:serviceaccount:<namespace>:<serviceAccount>`, for the STS audience, can
 * assume it. The trust is rendered by the policy-document data source (computed locally), so
 * the issuer token can be a condition key and the stack still plans offline.
 */
export class IrsaRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;
  /** `system:serviceaccount:<namespace>:<serviceAccount>`, the only subject the trust admits. */
  readonly subject: string;
  /** The inline policy holding `statements`, for a waiver that must name it; undefined without statements. */
  readonly policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    for (const [prop, value] of [
      ['namespace', props.namespace],
      ['serviceAccount', props.serviceAccount],
    ] as const) {
      const problem = nameProblem('kubernetesName', value);
      if (problem) throw new Error(`IrsaRole ${id}: ${prop} must name exactly one ${prop === 'namespace' ? 'namespace' : 'service account'} (no wildcards): ${problem}`);
    }
    const statements = props.statements ?? [];
    const managedPolicyArns = props.managedPolicyArns ?? [];
    if (statements.length === 0 && managedPolicyArns.length === 0) {
      throw new Error(`IrsaRole ${id}: give statements or managedPolicyArns; a role that may do nothing is not needed`);
    }
    this.subject = `system:serviceaccount:${props.namespace}:${props.serviceAccount}`;

    const role = new IamRole(this, 'role', {
      namePrefix: props.namePrefix,
      description: props.description,
      assumeRolePolicy: policyDocument(this, 'trust-policy', [
        {
          sid: 'OneServiceAccountOfThisCluster',
          effect: 'Allow',
          principal: { Federated: props.oidcProviderArn },
          actions: ['sts:AssumeRoleWithWebIdentity'],
          conditions: { StringEquals: { [`${props.oidcIssuer}:sub`]: this.subject, [`${props.oidcIssuer}:aud`]: STS_AUDIENCE } },
        },
      ]),
    });
    this.roleArn = role.arn;
    this.roleName = role.name;

    if (statements.length > 0) {
      this.policy = new IamRolePolicy(this, 'policy', { role: role.id, policy: policyDocument(this, 'policy-document', statements) });
    }
    managedPolicyArns.forEach((policyArn, index) => new IamRolePolicyAttachment(this, `managed-policy-${index}`, { role: role.name, policyArn }));
  }
}
