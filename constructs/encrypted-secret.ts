import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '../providers/aws';
import type { PlatformKey } from './platform-key';
import type { PolicyStatement } from './policy-document';
import { secretReadStatements } from './secret-grants';

export interface EncryptedSecretProps {
  /** Full secret name, e.g. `dp/dev/partners/salesforce`. */
  readonly name: string;
  /** What the value is and who sets it; shown in the console to the operator who fills it in. */
  readonly description: string;
  readonly key: PlatformKey;
  /** Region of the secret, for the key grant's kms:ViaService condition. */
  readonly region: string;
  /** Days a deleted secret can be restored (7-30). */
  readonly recoveryWindowDays: number;
}

/** A Secrets Manager entry encrypted with a platform key, and the grant to read it. */
export class EncryptedSecret extends Construct {
  readonly secretArn: string;
  readonly secretName: string;
  /** The secret resource, for waivers that must name it. */
  readonly resource: SecretsmanagerSecret;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EncryptedSecretProps,
  ) {
    super(scope, id);
    if (props.recoveryWindowDays < 7 || props.recoveryWindowDays > 30) {
      throw new Error(`${this.constructor.name} ${id}: recoveryWindowDays must be 7-30, got ${props.recoveryWindowDays}`);
    }
    this.resource = new SecretsmanagerSecret(this, 'secret', {
      name: props.name,
      description: props.description,
      kmsKeyId: props.key.keyArn,
      recoveryWindowInDays: props.recoveryWindowDays,
    });
    this.secretArn = this.resource.arn;
    this.secretName = this.resource.name;
  }

  /** Reading the value, and decrypting it through Secrets Manager only. */
  grantRead(): PolicyStatement[] {
    return secretReadStatements(this.node.id, [this.secretArn], this.props.key, this.props.region);
  }
}
