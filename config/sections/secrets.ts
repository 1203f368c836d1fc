import { z } from 'zod';
import { GENERATED_SECRET_IDS, type GeneratedSecretId } from '../secret-catalogue';

const secretVersion = z.number().int({ message: 'must be a whole number' }).positive({ message: 'must be 1 or more; raise it by one to rotate' });

/** The `secrets` stack: recovery window, and the version of every secret the platform generates. */
export const secretsSchema = z
  .strictObject({
    /** Days a deleted secret can still be restored. */
    recoveryWindowDays: z
      .number()
      .int()
      .min(7, { message: 'must be 7-30 days: Secrets Manager allows no shorter recovery window (0 would delete at once)' })
      .max(30, { message: 'must be 7-30 days' })
      .default(30),
    /**
     * Version of each generated secret's value (`secret_string_wo_version`): raising one by one
     * and deploying `secrets` writes a new value; nothing else does.
     */
    generatedVersions: z
      .strictObject(Object.fromEntries(GENERATED_SECRET_IDS.map((id) => [id, secretVersion.default(1)])) as Record<GeneratedSecretId, z.ZodDefault<typeof secretVersion>>)
      .prefault({}),
  })
  .prefault({});

export type SecretsConfig = z.output<typeof secretsSchema>;
