import type { PolicyRule } from '../policy';
import { perResource } from './violation';

/** Log groups keep events for a bounded time: unbounded retention keeps and bills them forever. */
export const logGroupRetained = perResource({ id: 'log-group-retention', checkovId: 'CKV_AWS_66' }, 'aws_cloudwatch_log_group', (group) =>
  typeof group.attributes.retention_in_days === 'number' && group.attributes.retention_in_days > 0
    ? undefined
    : 'log group has no retention_in_days (it would keep and bill events forever)',
);

/** Log groups are encrypted with a platform key. */
export const logGroupEncrypted = perResource({ id: 'log-group-kms', checkovId: 'CKV_AWS_158' }, 'aws_cloudwatch_log_group', (group) =>
  group.attributes.kms_key_id ? undefined : 'log group has no kms_key_id; use EncryptedLogGroup',
);

export const logRules: readonly PolicyRule[] = [logGroupRetained, logGroupEncrypted];
