import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import { ephemeralSecretValue, SecretsmanagerSecretVersion } from '../providers/aws';
import { EncryptedSecret, type EncryptedSecretProps } from './encrypted-secret';

/** Fields of an Airflow connection stored as JSON (the secrets backends read these names). */
export type ConnectionField = 'host' | 'login' | 'password' | 'schema' | 'port' | 'extra';

export interface AirflowConnectionSecretProps extends EncryptedSecretProps {
  /** Airflow connection type, e.g. `airbyte`. */
  readonly connType: string;
  /** Fields that are not secret, as they are (e.g. `host`). @default none */
  readonly fields?: Readonly<Partial<Record<ConnectionField, string>>>;
  /** The secret holding the secret fields: a JSON object, read ephemerally at plan and apply. */
  readonly sourceSecretArn: string;
  /** Each secret field and the property of the source's JSON it is read from, e.g. `{ password: 'client-secret' }`. */
  readonly sourceFields: Readonly<Partial<Record<ConnectionField, string>>>;
  /** The source's version: raising it (the source was rotated) rewrites this connection. */
  readonly sourceVersion: number;
}

/**
 * An Airflow connection in Secrets Manager, where Airflow's secrets backend looks it up by its
 * name: JSON `{conn_type, ...fields}` whose secret fields are read from another secret
 * ephemerally and written through `secret_string_wo`, so they are in the two secrets and nowhere
 * else (not in code, plan or state). A write-only value is written only when its version moves,
 * so the version is derived from `sourceVersion` and the non-secret fields: a rotated source or a
 * new host rewrites the connection, and nothing else does.
 */
export class AirflowConnectionSecret extends EncryptedSecret {
  constructor(scope: Construct, id: string, props: AirflowConnectionSecretProps) {
    super(scope, id, props);
    const fields = props.fields ?? {};
    const sourceFields = Object.entries(props.sourceFields);
    if (sourceFields.length === 0) throw new Error(`AirflowConnectionSecret ${id}: sourceFields must name at least one field; a connection with nothing secret needs no secret`);
    const both = sourceFields.map(([field]) => field).filter((field) => field in fields);
    if (both.length > 0) throw new Error(`AirflowConnectionSecret ${id}: ${both.join(', ')} given both in fields and sourceFields; give each field once`);
    if (!Number.isInteger(props.sourceVersion) || props.sourceVersion < 1) throw new Error(`AirflowConnectionSecret ${id}: sourceVersion must be a whole number from 1, got ${props.sourceVersion}`);

    const source = Fn.jsondecode(ephemeralSecretValue(this, 'source', props.sourceSecretArn).attribute('secret_string'));
    const secretFields = Object.fromEntries(sourceFields.map(([field, property]) => [field, Fn.lookup(source, property as string)]));
    const visible = { conn_type: props.connType, ...fields };
    new SecretsmanagerSecretVersion(this, 'value', {
      secretId: this.resource.id,
      secretStringWo: Fn.jsonencode({ ...visible, ...secretFields }),
      // 12 hex digits of a digest of what is not secret: an int64 that moves with any of it.
      secretStringWoVersion: Fn.parseint(Fn.substr(Fn.sha256(Fn.jsonencode({ ...visible, sourceVersion: props.sourceVersion })), 0, 12), 16),
    });
  }
}
