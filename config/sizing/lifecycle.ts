import {
  AUDIT_LOOKBACK_DAYS,
  NONCURRENT_VERSION_DAYS,
  REPLAY_WINDOW_DAYS,
  REPROCESSING_HORIZON_DAYS,
  S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS,
  S3_INFREQUENT_ACCESS_MIN_DAYS,
  S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS,
} from './assumptions';

/** When landed files move to colder storage; the shape of `config.storage.landingLifecycle`. */
export interface LandingLifecycle {
  readonly infrequentAccessAfterDays: number;
  readonly glacierInstantRetrievalAfterDays: number;
  readonly deepArchiveAfterDays: number;
  readonly noncurrentVersionExpirationDays: number;
}

/**
 * Each tier starts when reads become rarer than its price assumes, and never before S3's
 * minimum for it or before the previous tier's minimum billed duration has passed (moving
 * earlier would pay for days twice).
 */
export function modelLandingLifecycle(): LandingLifecycle {
  const infrequentAccessAfterDays = Math.max(S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS, REPLAY_WINDOW_DAYS);
  const glacierInstantRetrievalAfterDays = Math.max(infrequentAccessAfterDays + S3_INFREQUENT_ACCESS_MIN_DAYS, REPROCESSING_HORIZON_DAYS);
  const deepArchiveAfterDays = Math.max(glacierInstantRetrievalAfterDays + S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS, AUDIT_LOOKBACK_DAYS);
  return { infrequentAccessAfterDays, glacierInstantRetrievalAfterDays, deepArchiveAfterDays, noncurrentVersionExpirationDays: NONCURRENT_VERSION_DAYS };
}
