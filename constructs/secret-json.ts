import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsSecretsmanagerSecretVersion } from '../providers/aws';
import { SecretValueRequired, type SecretValueRequiredProps } from './secret-value-required';

export interface SecretJsonProps extends Omit<SecretValueRequiredProps, 'expected'> {
  /** The properties read; the plan fails naming any the value lacks. */
  readonly properties: readonly string[];
  /** Where the README shows how to make the value, e.g. `README: "Service users and their key pairs"`. @default none */
  readonly readmeSection?: string;
}

/**
 * The properties of a JSON secret, read at plan time for a resource attribute that is not
 * write-only (an Airbyte connector's configuration): the value is then in this stack's state,
 * which is why such a stack keeps state in the encrypted backend. Prefer an ephemeral read
 * (`ephemeralSecretValue`) wherever the attribute allows it. A secret without a value yet, or
 * whose JSON lacks a property, fails the plan with a message naming the secret and the fix.
 */
export class SecretJson extends Construct {
  private readonly decoded: string;
  private readonly properties: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: SecretJsonProps) {
    super(scope, id);
    if (props.properties.length === 0) throw new Error(`SecretJson ${id}: properties must name at least one property`);
    this.properties = new Set(props.properties);
    const expected = props.properties.join(', ');
    const valueRequired = new SecretValueRequired(this, 'required', {
      secretArn: props.secretArn,
      secretName: props.secretName,
      neededBy: props.neededBy,
      generatedBy: props.generatedBy,
      alternative: props.alternative,
      expected: `JSON {${expected}}${props.readmeSection ? ` (${props.readmeSection})` : ''}`,
    });
    const version = new DataAwsSecretsmanagerSecretVersion(this, 'value', {
      secretId: props.secretArn,
      dependsOn: [valueRequired.versions],
      lifecycle: {
        postcondition: [
          {
            condition: `\${alltrue([for property in ${JSON.stringify(props.properties)} : can(jsondecode(self.secret_string)[property])])}`,
            errorMessage: `Secrets Manager secret ${props.secretName} must hold a JSON object with ${expected}; put-secret-value it again in that form.`,
          },
        ],
      },
    });
    this.decoded = Fn.jsondecode(version.secretString);
  }

  /** One property of the value (one of `properties`). */
  property(name: string): string {
    if (!this.properties.has(name)) throw new Error(`SecretJson ${this.node.id}: "${name}" is not among the properties it reads (${[...this.properties].join(', ')})`);
    return Fn.lookup(this.decoded, name);
  }
}
