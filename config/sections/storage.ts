import { z } from 'zod';
import { positiveDaysField } from '../fields';
import { landingLifecycleSchema } from '../sizing/lifecycle';

/**
 * Objects that move to STANDARD_IA after `infrequentAccessAfterDays` (S3 allows it from 30) and
 * are deleted after `expirationDays`.
 */
function tieredThenExpired(defaultExpirationDays: number) {
  return z
    .strictObject({
      /** Days before objects move to STANDARD_IA; S3 allows it from 30. */
      infrequentAccessAfterDays: positiveDaysField.min(30, { message: 'S3 allows STANDARD_IA only from 30 days' }).default(30),
      /** Days objects are kept. */
      expirationDays: positiveDaysField.default(defaultExpirationDays),
    })
    .prefault({})
    .refine((bucket) => bucket.expirationDays > bucket.infrequentAccessAfterDays, {
      message: 'expirationDays must come after infrequentAccessAfterDays, or logs expire before they move',
      path: ['expirationDays'],
    });
}

/** The `storage` stack: bucket lifecycles and the dbt image repository's retention. */
export const storageSchema = z
  .strictObject({
    /** Landing tiers; fields left out come from the capacity model (config/sizing/lifecycle.ts). */
    landingLifecycle: landingLifecycleSchema,
    /** Days S3 server access logs are kept. */
    accessLogRetentionDays: positiveDaysField.default(365),
    /** Airflow task logs. */
    airflowLogs: tieredThenExpired(365),
    /** Airbyte's logs, state, workload output and activity payloads (one bucket, as the chart takes it). */
    airbyte: tieredThenExpired(365),
    dbtArtifacts: z
      .strictObject({
        /** Days dbt manifests, run results and docs are kept. */
        expirationDays: positiveDaysField.default(180),
      })
      .prefault({}),
    /** Untagged dbt images expire after this many days; tagged ones are kept up to `keepTaggedImages`. */
    untaggedImageExpiryDays: positiveDaysField.default(7),
    keepTaggedImages: z.number().int().positive({ message: 'must be a positive number of images' }).default(50),
  })
  .prefault({});

export type StorageConfig = z.output<typeof storageSchema>;
