import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import type { GeneratedFormat } from '../config/secret-catalogue';
import { ephemeralRandomPassword, SecretsmanagerSecretVersion } from '../providers/aws';
import { EncryptedSecret, type EncryptedSecretProps } from './encrypted-secret';

export interface GeneratedSecretProps extends EncryptedSecretProps {
  /** What the value looks like. */
  readonly format: GeneratedFormat;
  /** `secret_string_wo_version`: raising it writes a new value (rotation); nothing else does. */
  readonly version: number;
}

/** Characters drawn per format: enough for every part the format cuts from them. */
const RANDOM_LENGTH: Readonly<Record<GeneratedFormat, number>> = { password: 48, 'fernet-key': 32, 'airbyte-instance-admin': 96 };

/**
 * A secret whose value the platform makes: a random password from Secrets Manager, opened
 * ephemerally and written through `secret_string_wo`, so it is in the secret and nowhere
 * else (not in code, plan or state). AWS cannot rotate these formats; raising `version`
 * and deploying is the rotation.
 */
export class GeneratedSecret extends EncryptedSecret {
  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id, props);
    const random = ephemeralRandomPassword(this, 'random', { length: RANDOM_LENGTH[props.format] }).attribute('random_password');
    new SecretsmanagerSecretVersion(this, 'value', {
      secretId: this.resource.id,
      secretStringWo: formatted(props.format, random),
      secretStringWoVersion: props.version,
    });
  }
}

function formatted(format: GeneratedFormat, random: string): string {
  switch (format) {
    case 'password':
      return random;
    case 'fernet-key':
      // Fernet wants 32 bytes, url-safe base64: the 32 random characters are those bytes.
      return Fn.replace(Fn.replace(Fn.base64encode(random), '+', '-'), '/', '_');
    case 'airbyte-instance-admin':
      // The keys of the Airbyte chart's auth Secret, so External Secrets maps them one to one.
      return Fn.jsonencode({
        'instance-admin-password': Fn.substr(random, 0, 32),
        'instance-admin-client-id': Fn.uuid(),
        'instance-admin-client-secret': Fn.substr(random, 32, 32),
        'jwt-signature-secret': Fn.substr(random, 64, 32),
      });
  }
}
