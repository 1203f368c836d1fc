import type { PolicyRule } from '../policy';
import { perResource } from './violation';

/** Secrets are encrypted with a platform key, not the account's default key. */
export const secretEncrypted = perResource({ id: 'secret-kms', checkovId: 'CKV_AWS_149' }, 'aws_secretsmanager_secret', (secret) =>
  !secret.attributes.kms_key_id || String(secret.attributes.kms_key_id).includes('alias/aws/')
    ? 'secret is not encrypted with a platform key (none, or an AWS-managed alias/aws/ key); use OperatorSecret'
    : undefined,
);

/**
 * Secrets rotate automatically. Where AWS cannot rotate one (a partner's API key, a Snowflake
 * key pair, a value the platform generates), the secret carries a waiver that says who
 * rotates it, how and how often.
 */
export const secretRotated = perResource({ id: 'secret-rotation', checkovId: 'CKV2_AWS_57' }, 'aws_secretsmanager_secret', (secret, resources) =>
  resources.referencing('aws_secretsmanager_secret_rotation', 'secret_id', secret).length > 0
    ? undefined
    : 'secret has no automatic rotation; add aws_secretsmanager_secret_rotation, or waive with the manual rotation procedure',
);

/**
 * Code never writes a secret value in clear: it would land in git, plan and state. The only
 * value code may write is a write-only one from an ephemeral block (`secret_string_wo`).
 */
export const noSecretValueInCode = perResource({ id: 'no-secret-value-in-code' }, 'aws_secretsmanager_secret_version', (version) => {
  if (version.attributes.secret_string !== undefined || version.attributes.secret_binary !== undefined) {
    return 'secret_string / secret_binary store the value in Terraform state; write it through secret_string_wo from an ephemeral block, or let an operator set it';
  }
  return String(version.attributes.secret_string_wo ?? '').includes('ephemeral.')
    ? undefined
    : 'secret_string_wo must come from an ephemeral block (e.g. ephemeralRandomPassword), never a literal in code';
});

export const secretRules: readonly PolicyRule[] = [secretEncrypted, secretRotated, noSecretValueInCode];
