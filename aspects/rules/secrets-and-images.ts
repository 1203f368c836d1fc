import type { PolicyRule } from '../policy';
import { block, violation } from './violation';

/** Secrets are encrypted with a platform key, not the account's default key. */
export const secretEncrypted: PolicyRule = {
  id: 'secret-kms',
  check: (resources) =>
    resources
      .ofType('aws_secretsmanager_secret')
      .filter((secret) => !secret.attributes.kms_key_id || String(secret.attributes.kms_key_id).includes('alias/aws/'))
      .map((secret) => violation('secret-kms', secret, 'secret is not encrypted with a platform key (none, or an AWS-managed alias/aws/ key); use OperatorSecret')),
};

/** Code never writes a secret value: it would land in Terraform state and in git. */
export const noSecretValueInCode: PolicyRule = {
  id: 'no-secret-value-in-code',
  check: (resources) =>
    resources
      .ofType('aws_secretsmanager_secret_version')
      .map((version) => violation('no-secret-value-in-code', version, 'secret values are set by operators, never by code (they would be stored in Terraform state)')),
};

/** Image tags never move and every push is scanned. */
export const imageRepositoryHardened: PolicyRule = {
  id: 'ecr-immutable-scanned-encrypted',
  check: (resources) =>
    resources.ofType('aws_ecr_repository').flatMap((repository) => {
      const problems: string[] = [];
      if (repository.attributes.image_tag_mutability !== 'IMMUTABLE') problems.push('tags are mutable');
      if (block(repository.attributes.image_scanning_configuration)?.scan_on_push !== true) problems.push('scan on push is off');
      if (block(repository.attributes.encryption_configuration)?.encryption_type !== 'KMS') problems.push('not KMS-encrypted');
      return problems.length > 0 ? [violation('ecr-immutable-scanned-encrypted', repository, `${problems.join(', ')}; use ImageRepository`)] : [];
    }),
};

export const secretAndImageRules: readonly PolicyRule[] = [secretEncrypted, noSecretValueInCode, imageRepositoryHardened];
