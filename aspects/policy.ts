import { TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';

/** One resource as it will be synthesized: attributes in Terraform's snake_case, references as `${...}`. */
export interface SynthesizedResource {
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Terraform address, e.g. `aws_s3_bucket.landing_bucket_1A2B3C`. */
  readonly address: string;
  /** Construct path, which is what a developer recognises. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The resources of one stack, with the look-ups rules need. */
export class StackResources {
  constructor(readonly all: readonly SynthesizedResource[]) {}

  ofType(type: string): SynthesizedResource[] {
    return this.all.filter((resource) => resource.type === type);
  }

  /** Resources of `type` whose `attribute` refers to `target` (e.g. the encryption config of a bucket). */
  referencing(type: string, attribute: string, target: SynthesizedResource): SynthesizedResource[] {
    return this.ofType(type).filter((resource) => refersTo(resource.attributes[attribute], target));
  }
}

/** True when a synthesized value contains a reference to `target` (`${type.name.attr}`). */
export function refersTo(value: unknown, target: SynthesizedResource): boolean {
  return JSON.stringify(value ?? null).includes(`${target.address}.`);
}

export interface PolicyViolation {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
}

/**
 * A security rule. Rules live next to the resources they know about (aspects/rules/),
 * and a stack that brings new resource kinds passes its own rules to PlatformStack.
 */
export interface PolicyRule {
  /** Short id shown in the error, e.g. `s3-bucket-encrypted`. */
  readonly id: string;
  check(resources: StackResources): PolicyViolation[];
}

export class PolicyViolationError extends Error {
  constructor(stack: string, readonly violations: readonly PolicyViolation[]) {
    super(
      [
        `Stack "${stack}" failed the platform security policy (${violations.length} violation${violations.length === 1 ? '' : 's'}):`,
        ...violations.map((violation) => `  - [${violation.rule}] ${violation.path}: ${violation.message}`),
        'Fix the resources above (the secure defaults of constructs/ satisfy every rule); nothing insecure is synthesized.',
      ].join('\n'),
    );
    this.name = 'PolicyViolationError';
  }
}

/** Fails synthesis of a stack with one error listing every insecure resource it recognises. */
export class PolicyAspect implements IAspect {
  constructor(private readonly rules: readonly PolicyRule[]) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const resources = new StackResources(synthesizedResources(node));
    const violations = this.rules.flatMap((rule) => rule.check(resources));
    if (violations.length > 0) throw new PolicyViolationError(node.node.id, violations);
  }
}

function synthesizedResources(stack: TerraformStack): SynthesizedResource[] {
  const byType = (stack.toTerraform().resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  return Object.entries(byType).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, attributes]) => ({
      type,
      address: `${type}.${name}`,
      path: String((attributes['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? `${type}.${name}`),
      attributes,
    })),
  );
}
