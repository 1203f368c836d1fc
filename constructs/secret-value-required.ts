import { Construct } from 'constructs';
import { DataAwsSecretsmanagerSecretVersions } from '../providers/aws';

export interface SecretValueRequiredProps {
  /** ARN of the Secrets Manager secret that must hold a value. */
  readonly secretArn: string;
  /** Its name, for the message. */
  readonly secretName: string;
  /** What the value is, e.g. `JSON {user, private_key, private_key_passphrase} (README: …)`. */
  readonly expected: string;
  /** Who needs it, e.g. `the dbt tasks of the batch`. */
  readonly neededBy: string;
  /** The stack that generates the value, when no operator puts it: the message then says to deploy that stack. @default an operator puts it */
  readonly generatedBy?: string;
  /** Another way out than giving it a value, e.g. `set airbyteConnections.sources.salesforce.enabled to false`. @default none */
  readonly alternative?: string;
}

/**
 * Fails the plan, naming the secret and what to put in it, while a secret has no value yet: a
 * consumer that reads it only at run time would otherwise deploy cleanly and fail hours later,
 * and one that reads it at plan time would fail with the provider's bare "not found". Only the
 * secret's version list is read (ids and dates), never its value, so nothing secret reaches plan
 * or state.
 */
export class SecretValueRequired extends Construct {
  /** The version list the check reads; whatever reads the value depends on it, so the check fails first. */
  readonly versions: DataAwsSecretsmanagerSecretVersions;

  constructor(scope: Construct, id: string, props: SecretValueRequiredProps) {
    super(scope, id);
    const fix = props.generatedBy
      ? `Deploy ${props.generatedBy} first: it generates the value (${props.expected}).`
      : `Put its value, ${props.expected}, with aws secretsmanager put-secret-value (README: "Setting secret values"), then deploy again.`;
    this.versions = new DataAwsSecretsmanagerSecretVersions(this, 'versions', {
      secretId: props.secretArn,
      lifecycle: {
        postcondition: [
          {
            condition: '${length(self.versions) > 0}',
            errorMessage: `Secrets Manager secret ${props.secretName} has no value yet (needed by ${props.neededBy}). ${fix}${props.alternative ? ` Or ${props.alternative}.` : ''}`,
          },
        ],
      },
    });
  }
}
