import type { PolicyRule, PolicyViolation, SynthesizedResource } from '../policy';

/** Builds the violation of `rule` by `resource`, so rules read as a list of conditions. */
export function violation(rule: Pick<PolicyRule, 'id'>, resource: SynthesizedResource, message: string): PolicyViolation {
  return { rule: rule.id, address: resource.address, path: resource.path, message };
}

/** Single-block attributes synthesize as an object or a one-element list depending on the schema. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}

/** A rule that checks each resource of one type on its own. */
export function perResource(
  rule: Omit<PolicyRule, 'check'>,
  type: string,
  problem: (resource: SynthesizedResource, resources: Parameters<PolicyRule['check']>[0]) => string | undefined,
): PolicyRule {
  return {
    ...rule,
    check: (resources) =>
      resources.ofType(type).flatMap((resource) => {
        const message = problem(resource, resources);
        return message ? [violation(rule, resource, message)] : [];
      }),
  };
}
