import type { PolicyRule, SynthesizedResource, StackResources } from '../policy';
import { violation } from './violation';

/** Identity policies: what a role may do. Trust and resource policies are checked by their own rules. */
const IDENTITY_POLICIES = [
  { type: 'aws_iam_role_policy', attribute: 'policy' },
  { type: 'aws_iam_policy', attribute: 'policy' },
] as const;

function identityPolicies(resources: StackResources): { resource: SynthesizedResource; statements: ReturnType<StackResources['policyStatements']> }[] {
  return IDENTITY_POLICIES.flatMap(({ type, attribute }) =>
    resources.ofType(type).map((resource) => ({ resource, statements: resources.policyStatements(resource, attribute) })),
  );
}

/** Identity policies are written so they can be reviewed: through policyDocument(), not as HCL. */
export const iamPolicyReadable: PolicyRule = {
  id: 'iam-policy-readable',
  check: (resources) =>
    identityPolicies(resources)
      .filter(({ statements }) => statements === undefined)
      .map(({ resource }) => violation(iamPolicyReadable, resource, 'policy is not a readable document; build it with policyDocument() or a grant method')),
};

/** No Allow grants every action. */
export const iamNoWildcardAction: PolicyRule = {
  id: 'iam-no-wildcard-action',
  checkovId: 'CKV_AWS_63',
  check: (resources) =>
    identityPolicies(resources)
      .filter(({ statements }) => (statements ?? []).some((s) => s.effect === 'Allow' && s.actions.some((action) => action === '*' || action === '*:*')))
      .map(({ resource }) => violation(iamNoWildcardAction, resource, 'a statement allows every action ("*"); list the actions the workload needs')),
};

/** No Allow covers every resource; grants name the bucket, key or secret they are about. */
export const iamNoWildcardResource: PolicyRule = {
  id: 'iam-no-wildcard-resource',
  checkovId: 'CKV_AWS_355',
  check: (resources) =>
    identityPolicies(resources)
      .filter(({ statements }) => (statements ?? []).some((s) => s.effect === 'Allow' && s.resources.includes('*')))
      .map(({ resource }) =>
        violation(iamNoWildcardResource, resource, 'a statement allows its actions on every resource ("*"); scope it with a grant method, or waive with the reason the API needs "*"'),
      ),
};

export const iamRules: readonly PolicyRule[] = [iamPolicyReadable, iamNoWildcardAction, iamNoWildcardResource];
