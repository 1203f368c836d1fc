import { z } from 'zod';
import { regionField, s3BucketNameField } from '../fields';

/** Where each stack keeps its Terraform state. */
export const stateBackendSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local'),
    /** Folder for state files, relative to the project root. @default "terraform-state" */
    directory: z
      .string()
      .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { message: 'must be a relative folder inside the project, e.g. "terraform-state"' })
      .refine((dir) => !dir.split('/').includes('..'), { message: 'must stay inside the project (no "..")' })
      .default('terraform-state'),
  }),
  z.strictObject({
    type: z.literal('s3'),
    /** Existing, versioned state bucket (see README: state backend bootstrap). */
    bucket: s3BucketNameField,
    /** Key prefix; each stack's state is `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]+$/, { message: 'must be a non-empty S3 key prefix such as "data-platform/prod"' }),
    region: regionField,
    /** Server-side encryption of state objects. @default true */
    encrypt: z.literal(true, { message: 'must be true: state holds resource attributes that must be encrypted at rest' }).default(true),
    /** S3-native state locking (Terraform >= 1.10), no DynamoDB table. @default true */
    useLockfile: z.boolean().default(true),
  }),
]);
