import { z } from 'zod';

/**
 * The requirements the platform is sized from (SEED-NOTES: about 10 TB a day in batches
 * every 6 hours, usable 3-5 hours after landing).
 */
export const sizingInputsSchema = z
  .strictObject({
    /** Raw data landing per day, in terabytes. */
    dailyVolumeTb: z.number().positive({ message: 'must be a positive number of terabytes per day' }),
    /** Hours between two batches. */
    batchIntervalHours: z
      .number()
      .positive({ message: 'must be a positive number of hours' })
      .max(24, { message: 'must be at most 24 hours (one batch a day)' }),
    /** Hours after landing by which a batch should be usable in the marts. */
    latencyTargetHours: z.number().positive({ message: 'must be a positive number of hours' }),
    /** Hours after landing by which a batch must be usable; past it the run has failed its SLA. */
    latencyHardLimitHours: z.number().positive({ message: 'must be a positive number of hours' }),
  })
  .superRefine((inputs, ctx) => {
    if (inputs.latencyHardLimitHours < inputs.latencyTargetHours) {
      ctx.addIssue({
        code: 'custom',
        path: ['latencyHardLimitHours'],
        message: `${inputs.latencyHardLimitHours} h is below latencyTargetHours (${inputs.latencyTargetHours} h); the hard limit must be at least the target`,
      });
    }
  });

export type SizingInputs = z.output<typeof sizingInputsSchema>;
