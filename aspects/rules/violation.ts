import type { PolicyViolation, SynthesizedResource } from '../policy';

/** Builds the violation for `resource`, so rules read as a list of conditions. */
export function violation(rule: string, resource: SynthesizedResource, message: string): PolicyViolation {
  return { rule, path: resource.path, message };
}

/** Single-block attributes synthesize as an object or a one-element list depending on the schema. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}
