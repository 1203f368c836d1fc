import type { PolicyRule } from '../policy';
import { airbyteRules } from './airbyte';
import { ecrRules } from './ecr';
import { helmRules } from './helm';
import { eksRules } from './eks';
import { iamRules } from './iam';
import { kmsRules } from './kms';
import { kubernetesRules } from './kubernetes';
import { logRules } from './logs';
import { postgresqlRules } from './postgresql';
import { rdsRules } from './rds';
import { s3Rules } from './s3';
import { secretRules } from './secrets';
import { snowflakeRules } from './snowflake';
import { vpcRules } from './vpc';

/** Every rule, one file per service; every stack is checked against all of them. */
export const baselineRules: readonly PolicyRule[] = [...s3Rules, ...kmsRules, ...logRules, ...vpcRules, ...ecrRules, ...secretRules, ...iamRules, ...eksRules, ...rdsRules, ...postgresqlRules, ...snowflakeRules, ...airbyteRules, ...helmRules, ...kubernetesRules];
