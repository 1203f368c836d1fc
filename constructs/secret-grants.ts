import type { PlatformKey } from './platform-key';
import { sidPart, type PolicyStatement } from './policy-document';

/**
 * Reading a secret's value: the secret itself, and its key only when Secrets Manager asks
 * for it (kms:ViaService), so the grant cannot decrypt anything else with that key.
 */
export function secretReadStatements(name: string, secretArns: readonly string[], key: PlatformKey, region: string): PolicyStatement[] {
  return [
    { sid: `Read${sidPart(name)}Secret`, effect: 'Allow', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [...secretArns] },
    ...key.grantDecrypt({ StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } }).map((statement) => ({
      ...statement,
      sid: `${statement.sid}For${sidPart(name)}Secret`,
    })),
  ];
}
