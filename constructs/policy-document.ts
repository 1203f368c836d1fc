import type { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '../providers/aws';

/** Who a resource or trust policy statement applies to. */
export type Principal =
  | { readonly AWS: string | readonly string[] }
  | { readonly Service: string | readonly string[] }
  | { readonly Federated: string | readonly string[] };

/** One IAM / resource-policy statement, written the way AWS documents them. */
export interface PolicyStatement {
  /** Unique within a document; grants derive theirs from the construct they grant on. */
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  /** Resource and trust policies need it; identity policies must not have it. */
  readonly principal?: Principal;
  readonly actions: readonly string[];
  /** What the statement covers; trust policies have none. */
  readonly resources?: string | readonly string[];
  /** Condition block, e.g. `{ Bool: { 'aws:SecureTransport': 'false' } }`. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/**
 * Renders statements through the `aws_iam_policy_document` data source, which Terraform
 * computes locally (no API call, so stacks still plan offline). The statements stay
 * structured in the synthesized JSON, so the policy rules read them as data, and tokens
 * can appear anywhere, map keys included. Returns the document's JSON.
 */
export function policyDocument(scope: Construct, id: string, statements: readonly PolicyStatement[]): string {
  const sids = statements.map((statement) => statement.sid);
  const repeated = sids.filter((sid, index) => sids.indexOf(sid) !== index);
  if (repeated.length > 0) throw new Error(`policy document ${id}: statement ids must be unique, repeated: ${[...new Set(repeated)].join(', ')}`);
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((statement) => ({
      sid: statement.sid,
      effect: statement.effect,
      actions: [...statement.actions],
      ...(statement.resources ? { resources: asList(statement.resources) } : {}),
      ...(statement.principal ? { principals: principalBlocks(statement.principal) } : {}),
      ...(statement.conditions ? { condition: conditionBlocks(statement.conditions) } : {}),
    })),
  }).json;
}

/**
 * The statements with exact repeats left out, e.g. the key grant that every
 * `bucket.grantRead(prefix)` carries: one document may then gather several grants.
 */
export function distinctStatements(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const seen = new Set<string>();
  return statements.filter((statement) => {
    const text = JSON.stringify(statement);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

function asList(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

function principalBlocks(principal: Principal) {
  return Object.entries(principal).map(([type, identifiers]) => ({ type, identifiers: asList(identifiers as string | readonly string[]) }));
}

function conditionBlocks(conditions: NonNullable<PolicyStatement['conditions']>) {
  return Object.entries(conditions).flatMap(([test, byVariable]) =>
    Object.entries(byVariable).map(([variable, values]) => ({ test, variable, values: asList(values) })),
  );
}

/** `landing-bucket` -> `LandingBucket`: a statement id part from a construct id. */
export function sidPart(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}
