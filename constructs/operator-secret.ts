import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '../providers/aws';
import type { PlatformKey } from './platform-key';

export interface OperatorSecretProps {
  /** Full secret name, e.g. `dp/dev/partners/salesforce`. */
  readonly name: string;
  /** What the value is and who sets it; shown in the console to the operator who fills it in. */
  readonly description: string;
  readonly key: PlatformKey;
  /** Days a deleted secret can be restored (7-30). */
  readonly recoveryWindowDays: number;
}

/**
 * A Secrets Manager entry whose value an operator sets (console, CLI or their own
 * pipeline). Code never writes a value, so no secret reaches Terraform state or git.
 */
export class OperatorSecret extends Construct {
  readonly secretArn: string;
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: OperatorSecretProps) {
    super(scope, id);
    if (props.recoveryWindowDays < 7 || props.recoveryWindowDays > 30) {
      throw new Error(`OperatorSecret ${id}: recoveryWindowDays must be 7-30, got ${props.recoveryWindowDays}`);
    }
    const secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.name,
      description: props.description,
      kmsKeyId: props.key.keyArn,
      recoveryWindowInDays: props.recoveryWindowDays,
    });
    this.secretArn = secret.arn;
    this.secretName = secret.name;
  }
}
