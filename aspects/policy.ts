import { TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { waiverKey, waiversOf } from './waivers';

/** One resource or data source as it will be synthesized: attributes in Terraform's snake_case, references as `${...}`. */
export interface SynthesizedResource {
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Terraform address, e.g. `aws_s3_bucket.landing_bucket_1A2B3C`, or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** Construct path, which is what a developer recognises. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A policy statement as data, whichever way the document was written. */
export interface ParsedStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly principals: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

const POLICY_DOCUMENT_REFERENCE = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/;

/** The resources of one stack, with the look-ups rules need. */
export class StackResources {
  constructor(
    readonly all: readonly SynthesizedResource[],
    private readonly dataSources: readonly SynthesizedResource[] = [],
  ) {}

  ofType(type: string): SynthesizedResource[] {
    return this.all.filter((resource) => resource.type === type);
  }

  /** Data sources of `type` (their addresses start with `data.`). */
  dataOfType(type: string): SynthesizedResource[] {
    return this.dataSources.filter((data) => data.type === type);
  }

  /** Resources of `type` whose `attribute` refers to `target` (e.g. the encryption config of a bucket). */
  referencing(type: string, attribute: string, target: SynthesizedResource): SynthesizedResource[] {
    return this.ofType(type).filter((resource) => refersTo(resource.attributes[attribute], target));
  }

  /**
   * The statements of the policy document in `attribute`: an `aws_iam_policy_document` data
   * source of this stack, or a literal JSON document. Undefined when the policy is written any
   * other way (e.g. an HCL `jsonencode`), which no rule can read.
   */
  policyStatements(resource: SynthesizedResource, attribute: string): ParsedStatement[] | undefined {
    const value = resource.attributes[attribute];
    if (typeof value !== 'string') return undefined;
    const reference = POLICY_DOCUMENT_REFERENCE.exec(value);
    if (reference) {
      const document = this.dataSources.find((data) => data.address === `data.aws_iam_policy_document.${reference[1]}`);
      return document ? statementsOfDataSource(document) : undefined;
    }
    try {
      return statementsOfJson(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
}

/** True when a synthesized value contains a reference to `target` (`${type.name.attr}`). */
export function refersTo(value: unknown, target: SynthesizedResource): boolean {
  return JSON.stringify(value ?? null).includes(`${target.address}.`);
}

export interface PolicyViolation {
  readonly rule: string;
  /** Terraform address of the offending resource, which waivers are looked up by. */
  readonly address: string;
  readonly path: string;
  readonly message: string;
}

/**
 * A security rule. Every rule is in the baseline (aspects/rules/), keyed by resource type,
 * so it protects that kind of resource in whatever stack it lands.
 */
export interface PolicyRule {
  /** Short id shown in the error, e.g. `s3-bucket-encrypted`. */
  readonly id: string;
  /** The public scanner's id for the same check (checkov `CKV_AWS_*` / `CKV2_AWS_*`), where one exists: waivers use it. */
  readonly checkovId?: string;
  check(resources: StackResources): PolicyViolation[];
}

export class PolicyViolationError extends Error {
  constructor(
    stack: string,
    readonly violations: readonly PolicyViolation[],
  ) {
    super(
      [
        `Stack "${stack}" failed the platform security policy (${violations.length} violation${violations.length === 1 ? '' : 's'}):`,
        ...violations.map((violation) => `  - [${violation.rule}] ${violation.path}: ${violation.message}`),
        'Fix the resources above (the secure defaults of constructs/ satisfy every rule), or waive a rule for one resource with a written justification (aspects/waivers.ts); nothing insecure is synthesized.',
      ].join('\n'),
    );
    this.name = 'PolicyViolationError';
  }
}

/**
 * Fails synthesis of a stack with one error listing every insecure resource it recognises,
 * apart from those whose metadata waives the rule with a justification.
 */
export class PolicyAspect implements IAspect {
  constructor(private readonly rules: readonly PolicyRule[]) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const synthesized = node.toTerraform() as { resource?: ByType; data?: ByType };
    const resources = new StackResources(elementsOf(synthesized.resource, ''), elementsOf(synthesized.data, 'data.'));
    const byAddress = new Map(resources.all.map((resource) => [resource.address, resource]));
    const violations = [
      ...this.rules.flatMap((rule) =>
        rule.check(resources).filter((violation) => !(waiverKey(rule) in waiversOf(byAddress.get(violation.address)?.attributes ?? {}))),
      ),
      ...this.malformedWaivers(resources),
    ];
    if (violations.length > 0) throw new PolicyViolationError(node.node.id, violations);
  }

  /** A waiver must name a rule that exists and say why. */
  private malformedWaivers(resources: StackResources): PolicyViolation[] {
    const known = new Set(this.rules.map(waiverKey));
    return resources.all.flatMap((resource) =>
      Object.entries(waiversOf(resource.attributes)).flatMap(([key, justification]) => {
        const problem = !known.has(key)
          ? `waiver "${key}" names no policy rule (known: ${[...known].sort().join(', ')})`
          : typeof justification !== 'string' || justification.trim() === ''
            ? `waiver "${key}" has no justification; say why the rule does not apply and what compensates`
            : undefined;
        return problem ? [{ rule: 'policy-waiver', address: resource.address, path: resource.path, message: problem }] : [];
      }),
    );
  }
}

type ByType = Record<string, Record<string, Record<string, unknown>>>;

function elementsOf(byType: ByType | undefined, addressPrefix: string): SynthesizedResource[] {
  return Object.entries(byType ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, attributes]) => ({
      type,
      address: `${addressPrefix}${type}.${name}`,
      path: String((attributes['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? `${addressPrefix}${type}.${name}`),
      attributes,
    })),
  );
}

const list = (value: unknown): string[] => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String));

function statementsOfDataSource(document: SynthesizedResource): ParsedStatement[] {
  const statements = (document.attributes.statement ?? []) as Record<string, unknown>[];
  return statements.map((statement) => ({
    effect: statement.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: list(statement.actions),
    resources: list(statement.resources),
    principals: ((statement.principals ?? []) as { type: string; identifiers: unknown }[]).map((p) => ({ type: p.type, identifiers: list(p.identifiers) })),
    conditions: ((statement.condition ?? []) as { test: string; variable: string; values: unknown }[]).map((c) => ({ test: c.test, variable: c.variable, values: list(c.values) })),
  }));
}

function statementsOfJson(document: { Statement?: unknown }): ParsedStatement[] {
  const statements = (document.Statement === undefined ? [] : Array.isArray(document.Statement) ? document.Statement : [document.Statement]) as Record<string, unknown>[];
  return statements.map((statement) => ({
        effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
        actions: list(statement.Action),
        resources: list(statement.Resource),
        principals:
          statement.Principal === '*'
            ? [{ type: '*', identifiers: ['*'] }]
            : Object.entries((statement.Principal ?? {}) as Record<string, unknown>).map(([type, identifiers]) => ({ type, identifiers: list(identifiers) })),
        conditions: Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, byVariable]) =>
        Object.entries(byVariable).map(([variable, values]) => ({ test, variable, values: list(values) })),
      ),
    }));
}
