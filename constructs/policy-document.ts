import { Fn } from 'cdktf';

/** One IAM / resource-policy statement, written the way AWS documents them. */
export interface PolicyStatement {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  /**
   * Who the statement applies to; resource policies need it, identity policies must not have it.
   * `{ AWS: '*' }` rather than `'*'`: the two are equivalent on AWS, and emulators only parse the object form.
   */
  readonly principal?: { readonly AWS: string | string[] } | { readonly Service: string | string[] };
  readonly actions: readonly string[];
  /** What the statement covers; trust policies have none. A single string is written as one. */
  readonly resources?: string | readonly string[];
  /** Condition block, e.g. `{ Bool: { 'aws:SecureTransport': 'false' } }`. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Renders statements as a policy document; tokens inside stay Terraform expressions. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return Fn.jsonencode({
    Version: '2012-10-17',
    Statement: statements.map((statement) => ({
      Sid: statement.sid,
      Effect: statement.effect,
      ...(statement.principal ? { Principal: statement.principal } : {}),
      Action: statement.actions,
      ...(statement.resources ? { Resource: statement.resources } : {}),
      ...(statement.conditions ? { Condition: statement.conditions } : {}),
    })),
  });
}
