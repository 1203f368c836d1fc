import { z } from 'zod';
import { positiveDaysField } from '../fields';
import { landingLifecycleSchema } from '../sizing/lifecycle';

/** The `storage` stack: bucket lifecycles and the dbt image repository's retention. */
export const storageSchema = z
  .strictObject({
    /** Landing tiers; fields left out come from the capacity model (config/sizing/lifecycle.ts). */
    landingLifecycle: landingLifecycleSchema,
    /** Days S3 server access logs are kept. */
    accessLogRetentionDays: positiveDaysField.default(365),
    airflowLogs: z
      .strictObject({
        /** Days before task logs move to STANDARD_IA; S3 allows it from 30. */
        infrequentAccessAfterDays: positiveDaysField.min(30, { message: 'S3 allows STANDARD_IA only from 30 days' }).default(30),
        /** Days task logs are kept. */
        expirationDays: positiveDaysField.default(365),
      })
      .prefault({})
      .refine((logs) => logs.expirationDays > logs.infrequentAccessAfterDays, {
        message: 'expirationDays must come after infrequentAccessAfterDays, or logs expire before they move',
        path: ['expirationDays'],
      }),
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
