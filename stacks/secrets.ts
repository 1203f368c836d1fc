import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { SECRET_CATALOGUE, type SecretId } from '../config/secret-catalogue';
import { OperatorSecret } from '../constructs/operator-secret';
import type { PlatformKey } from '../constructs/platform-key';
import { PlatformStack, type PlatformStackProps } from './platform-stack';

export interface SecretsStackProps extends PlatformStackProps {
  /** Key that encrypts every secret (the storage stack's platform key). */
  readonly key: PlatformKey;
}

/**
 * Empty, encrypted Secrets Manager entries for every credential the platform reads.
 * Partner API keys and Snowflake key pairs cannot be rotated by AWS; operators rotate
 * them at the source and update the value (README: "Setting secret values").
 */
export class SecretsStack extends PlatformStack {
  readonly secretArns: Readonly<Record<SecretId, string>>;

  constructor(scope: Construct, id: string, props: SecretsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const entries = Object.entries(SECRET_CATALOGUE) as [SecretId, (typeof SECRET_CATALOGUE)[SecretId]][];
    const arns = {} as Record<SecretId, string>;
    for (const [secretId, entry] of entries) {
      const secret = new OperatorSecret(this, secretId, {
        name: `${config.namePrefix}/${config.environment}/${entry.name}`,
        description: entry.description,
        key: props.key,
        recoveryWindowDays: config.secrets.recoveryWindowDays,
      });
      arns[secretId] = secret.secretArn;
      new TerraformOutput(this, `${snakeCase(secretId)}_secret_arn`, {
        value: secret.secretArn,
        description: `ARN of the ${entry.name} secret`,
      });
    }
    this.secretArns = arns;
  }
}

function snakeCase(identifier: string): string {
  return identifier.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
