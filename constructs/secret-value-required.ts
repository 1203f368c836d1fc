import { Construct } from 'constructs';
import { DataAwsSecretsmanagerSecretVersions } from '../providers/aws';

export interface SecretValueRequiredProps {
  /** ARN of the Secrets Manager secret an operator fills in. */
  readonly secretArn: string;
  /** Its name, for the message. */
  readonly secretName: string;
  /** What the value is and how to put it, e.g. `JSON {user, private_key, private_key_passphrase} (README: …)`. */
  readonly expected: string;
  /** Who needs it, e.g. `the dbt tasks of the batch`. */
  readonly neededBy: string;
}

/**
 * Fails the plan, naming the secret and what to put in it, while an operator-set secret has no
 * value yet: a consumer that reads it only at run time would otherwise deploy cleanly and fail
 * hours later. Only the secret's version list is read (ids and dates), never its value, so
 * nothing secret reaches plan or state.
 */
export class SecretValueRequired extends Construct {
  constructor(scope: Construct, id: string, props: SecretValueRequiredProps) {
    super(scope, id);
    new DataAwsSecretsmanagerSecretVersions(this, 'versions', {
      secretId: props.secretArn,
      lifecycle: {
        postcondition: [
          {
            condition: '${length(self.versions) > 0}',
            errorMessage: `Secrets Manager secret ${props.secretName} has no value yet, and ${props.neededBy} need it. Put its value, ${props.expected}, with aws secretsmanager put-secret-value (README: "Setting secret values"), then deploy again.`,
          },
        ],
      },
    });
  }
}
