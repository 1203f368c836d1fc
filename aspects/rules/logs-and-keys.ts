import type { PolicyRule } from '../policy';
import { violation } from './violation';

/** Log groups keep events for a bounded time and are encrypted with a platform key. */
export const logGroupRetainedAndEncrypted: PolicyRule = {
  id: 'log-group-retention-and-kms',
  check: (resources) =>
    resources.ofType('aws_cloudwatch_log_group').flatMap((group) => [
      ...(typeof group.attributes.retention_in_days === 'number' && group.attributes.retention_in_days > 0
        ? []
        : [violation('log-group-retention-and-kms', group, 'log group has no retention_in_days (it would keep and bill events forever)')]),
      ...(group.attributes.kms_key_id ? [] : [violation('log-group-retention-and-kms', group, 'log group has no kms_key_id; use EncryptedLogGroup')]),
    ]),
};

/** Customer-managed keys rotate their material. */
export const kmsKeyRotated: PolicyRule = {
  id: 'kms-key-rotation',
  check: (resources) =>
    resources
      .ofType('aws_kms_key')
      .filter((key) => key.attributes.enable_key_rotation !== true)
      .map((key) => violation('kms-key-rotation', key, 'KMS key has enable_key_rotation off; use PlatformKey')),
};

/** Every VPC records its traffic. */
export const vpcFlowLogged: PolicyRule = {
  id: 'vpc-flow-logs',
  check: (resources) =>
    resources
      .ofType('aws_vpc')
      .filter((vpc) => resources.referencing('aws_flow_log', 'vpc_id', vpc).length === 0)
      .map((vpc) => violation('vpc-flow-logs', vpc, 'VPC has no flow log; add VpcFlowLog')),
};

export const logAndKeyRules: readonly PolicyRule[] = [logGroupRetainedAndEncrypted, kmsKeyRotated, vpcFlowLogged];
