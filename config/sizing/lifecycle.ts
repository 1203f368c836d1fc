import { z } from 'zod';
import {
  AUDIT_LOOKBACK_DAYS,
  NONCURRENT_VERSION_DAYS,
  REPLAY_WINDOW_DAYS,
  REPROCESSING_HORIZON_DAYS,
  S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS,
  S3_INFREQUENT_ACCESS_MIN_DAYS,
  S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS,
} from './assumptions';

/**
 * Each tier starts when reads become rarer than its price assumes, and never before S3's
 * minimum for it or before the previous tier's minimum billed duration has passed (moving
 * earlier would pay for days twice).
 */
function modelTiers() {
  const infrequentAccessAfterDays = Math.max(S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS, REPLAY_WINDOW_DAYS);
  const glacierInstantRetrievalAfterDays = Math.max(infrequentAccessAfterDays + S3_INFREQUENT_ACCESS_MIN_DAYS, REPROCESSING_HORIZON_DAYS);
  const deepArchiveAfterDays = Math.max(glacierInstantRetrievalAfterDays + S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS, AUDIT_LOOKBACK_DAYS);
  return { infrequentAccessAfterDays, glacierInstantRetrievalAfterDays, deepArchiveAfterDays, noncurrentVersionExpirationDays: NONCURRENT_VERSION_DAYS };
}

const model = modelTiers();
const days = z.number().int({ message: 'must be a whole number of days' }).positive({ message: 'must be a positive number of days' });

/**
 * When landed files move to colder storage (`storage.landingLifecycle`): each field the
 * environment leaves out comes from the capacity model, each one it sets overrides its tier.
 */
export const landingLifecycleSchema = z
  .strictObject({
    /** Days before STANDARD_IA; S3 allows it from 30 days. */
    infrequentAccessAfterDays: days
      .min(S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS, { message: `S3 allows STANDARD_IA only from ${S3_MIN_DAYS_BEFORE_INFREQUENT_ACCESS} days` })
      .default(model.infrequentAccessAfterDays),
    /** Days before GLACIER_IR (still millisecond reads, for reprocessing). */
    glacierInstantRetrievalAfterDays: days.default(model.glacierInstantRetrievalAfterDays),
    /** Days before DEEP_ARCHIVE (kept for audit and replay, hours to restore). */
    deepArchiveAfterDays: days.default(model.deepArchiveAfterDays),
    /** Days a replaced or deleted version is kept. */
    noncurrentVersionExpirationDays: days.default(model.noncurrentVersionExpirationDays),
  })
  .prefault({})
  .superRefine((tiers, ctx) => {
    if (tiers.glacierInstantRetrievalAfterDays < tiers.infrequentAccessAfterDays + S3_INFREQUENT_ACCESS_MIN_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['glacierInstantRetrievalAfterDays'],
        message: `must be at least ${S3_INFREQUENT_ACCESS_MIN_DAYS} days after infrequentAccessAfterDays (${tiers.infrequentAccessAfterDays}); S3 keeps objects in STANDARD_IA for ${S3_INFREQUENT_ACCESS_MIN_DAYS} days before the next transition`,
      });
    }
    if (tiers.deepArchiveAfterDays < tiers.glacierInstantRetrievalAfterDays + S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['deepArchiveAfterDays'],
        message: `must be at least ${S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS} days after glacierInstantRetrievalAfterDays (${tiers.glacierInstantRetrievalAfterDays}); Glacier Instant Retrieval bills a ${S3_GLACIER_INSTANT_RETRIEVAL_MIN_DAYS}-day minimum`,
      });
    }
  });

/** When landed files move to colder storage, in days after landing. */
export type LandingLifecycle = z.output<typeof landingLifecycleSchema>;

/** The capacity model's tiers, before any environment overrides them. */
export function modelLandingLifecycle(): LandingLifecycle {
  return landingLifecycleSchema.parse({});
}
