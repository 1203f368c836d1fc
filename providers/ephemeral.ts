import { ref, TerraformElement, TerraformStack, Token } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * A Terraform `ephemeral` block (Terraform >= 1.10): opened during plan and apply, its
 * values usable in provider settings and write-only attributes, never stored in plan or
 * state. cdktf 0.21 has no class for it, so this element writes the block itself, the way
 * cdktf's own TerraformLocal writes `locals`: it gets a unique logical id and its settings
 * are resolved like any other block's (references, functions).
 */
export class EphemeralResource<Attribute extends string> extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    /** Ephemeral resource type, e.g. `aws_secretsmanager_random_password`. */
    readonly ephemeralType: string,
    private readonly settings: Readonly<Record<string, unknown>>,
  ) {
    super(scope, id);
  }

  /** An attribute of the opened resource, as an expression for a write-only attribute or a provider setting. */
  attribute(name: Attribute): string {
    return Token.asString(ref(`ephemeral.${this.ephemeralType}.${this.friendlyUniqueId}.${name}`, TerraformStack.of(this)));
  }

  override toTerraform(): Record<string, unknown> {
    return { ephemeral: { [this.ephemeralType]: { [this.friendlyUniqueId]: { ...this.settings, ...this.rawOverrides } } } };
  }
}
