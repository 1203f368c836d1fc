import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { ephemeralRandomPassword, SecretsmanagerSecretVersion } from '../providers/aws';
import { EncryptedSecret, type EncryptedSecretProps } from './encrypted-secret';

/** The keys of a role secret's JSON, what External Secrets hands to Airflow and Airbyte. */
export const CONNECTION_KEYS = ['host', 'port', 'database', 'username', 'password'] as const;

export interface DatabaseRoleSecretProps extends EncryptedSecretProps {
  /** Host name clients connect to. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
  /**
   * `secret_string_wo_version`: raising it writes a new password (rotation); nothing else does.
   * The role's `password_wo_version` in postgres-bootstrap follows the same number.
   */
  readonly version: number;
  /** Letters and digits in the password (no escaping in a connection URI). @default 40 */
  readonly passwordLength?: number;
}

/**
 * A database role's connection details and a generated password, as one JSON object
 * (`host`, `port`, `database`, `username`, `password`). The password comes from an ephemeral
 * random password and the whole object is written through `secret_string_wo`, so it is in the
 * secret and nowhere else (not in code, plan or state). The details are written with it, at
 * the same version: a new endpoint reaches the secret when the version is raised.
 */
export class DatabaseRoleSecret extends EncryptedSecret {
  readonly username: string;
  readonly database: string;

  constructor(scope: Construct, id: string, props: DatabaseRoleSecretProps) {
    super(scope, id, props);
    const passwordLength = props.passwordLength ?? 40;
    if (passwordLength < 32) throw new Error(`DatabaseRoleSecret ${id}: passwordLength must be at least 32, got ${passwordLength}`);
    if (!Number.isInteger(props.version) || props.version < 1) throw new Error(`DatabaseRoleSecret ${id}: version must be a whole number from 1, got ${props.version}`);
    this.username = props.username;
    this.database = props.database;
    const password = ephemeralRandomPassword(this, 'password', { length: passwordLength }).attribute('random_password');
    const connection: Record<(typeof CONNECTION_KEYS)[number], string | number> = {
      host: props.host,
      port: props.port,
      database: props.database,
      username: props.username,
      password,
    };
    new SecretsmanagerSecretVersion(this, 'value', {
      secretId: this.resource.id,
      secretStringWo: Fn.jsonencode(connection),
      secretStringWoVersion: props.version,
    });
  }
}
