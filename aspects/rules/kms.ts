import type { PolicyRule } from '../policy';
import { perResource } from './violation';

/** Customer-managed keys rotate their material. */
export const kmsKeyRotated = perResource({ id: 'kms-key-rotation', checkovId: 'CKV_AWS_7' }, 'aws_kms_key', (key) =>
  key.attributes.enable_key_rotation === true ? undefined : 'KMS key has enable_key_rotation off; use PlatformKey',
);

export const kmsRules: readonly PolicyRule[] = [kmsKeyRotated];
