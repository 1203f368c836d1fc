import type { PolicyRule } from '../policy';
import { logAndKeyRules } from './logs-and-keys';
import { networkRules } from './network';
import { s3Rules } from './s3';
import { secretAndImageRules } from './secrets-and-images';

/** Rules every stack is checked against. */
export const baselineRules: readonly PolicyRule[] = [...s3Rules, ...logAndKeyRules, ...networkRules, ...secretAndImageRules];
