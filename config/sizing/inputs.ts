import { z } from 'zod';
import { impossibleLatencies } from './budget';
import { SOURCE_FAMILIES, type SourceFamily } from './families';
import { sizingOverridesSchema } from './overrides';

const share = z
  .number({ message: 'must be a number; shares are given for all four families together, adding up to 1' })
  .min(0, { message: 'must be a fraction from 0 to 1 of the daily volume' })
  .max(1, { message: 'must be a fraction from 0 to 1 of the daily volume' });

/**
 * Defaults: most bytes arrive as bulk files; OLTP changes and partner extracts are small
 * beside them, documents (emails, PDFs, images) in between. An estimate for the proposal's
 * sources; set the real mix per environment once it is measured.
 */
export const DEFAULT_SOURCE_SHARES = { oltpCdc: 0.15, partnerApis: 0.03, structuredFiles: 0.7, documents: 0.12 } as const;

/** Tolerance for shares written as decimals, e.g. 0.1 + 0.2 + 0.7. */
const SHARE_SUM_TOLERANCE = 1e-6;

const sizingInputsObject = z.strictObject({
  /** Raw (uncompressed) data landing per day, in terabytes. */
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
  /** Fraction of the daily volume from each source family; they add up to 1. */
  shares: z
    .strictObject({
      /** Change data capture from the OLTP databases, through Airbyte. */
      oltpCdc: share,
      /** Partner APIs (Amazon, Facebook, Salesforce), through Airbyte. */
      partnerApis: share,
      /** Bulk JSON, XML, CSV and Parquet files, loaded by COPY from the landing bucket. */
      structuredFiles: share,
      /** Emails, PDFs, documents and images, parsed by Airbyte. */
      documents: share,
    })
    .default(DEFAULT_SOURCE_SHARES),
  /**
   * Uncompressed bytes per stored byte, in Snowflake and in the landing bucket. Default from
   * Snowflake's published benchmark: 4.7 TB of STORE_SALES stored as 1.3 TB.
   */
  compressionRatio: z.number().min(1, { message: 'must be at least 1 (stored data is never larger than raw)' }).default(3.6),
  /** Growth the platform is sized for on top of today's volume: 0.3 sizes for 30% more. */
  growthHeadroom: z
    .number()
    .min(0, { message: 'must be 0 or more (0.3 sizes for 30% more than today)' })
    .max(10, { message: 'must be at most 10 (11 times today\'s volume); re-plan from a new dailyVolumeTb instead' })
    .default(0.3),
  /** Figures pinned per environment; they win over the model's (see config/sizing/overrides.ts). */
  overrides: sizingOverridesSchema.default({}),
});

/**
 * The requirements the platform is sized from (SEED-NOTES: about 10 TB a day in batches
 * every 6 hours, usable 3-5 hours after landing), and the operator's pinned figures.
 */
export const sizingInputsSchema = sizingInputsObject.superRefine((inputs, ctx) => {
  if (inputs.latencyHardLimitHours < inputs.latencyTargetHours) {
    ctx.addIssue({
      code: 'custom',
      path: ['latencyHardLimitHours'],
      message: `${inputs.latencyHardLimitHours} h is below latencyTargetHours (${inputs.latencyTargetHours} h); the hard limit must be at least the target`,
    });
  }
  const unbalanced = shareSumProblem(inputs.shares);
  if (unbalanced) ctx.addIssue({ code: 'custom', path: ['shares'], message: unbalanced });
  for (const problem of impossibleLatencies(inputs.latencyTargetHours, inputs.batchIntervalHours)) {
    ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  }
});

/** Why the shares do not describe the whole daily volume, if they do not. */
function shareSumProblem(shares: Partial<Record<SourceFamily, unknown>> | undefined): string | undefined {
  const values = SOURCE_FAMILIES.map((family) => shares?.[family]);
  if (!values.every((value): value is number => typeof value === 'number')) return undefined;
  const total = values.reduce((sum, value) => sum + value, 0);
  if (Math.abs(total - 1) <= SHARE_SUM_TOLERANCE) return undefined;
  const terms = SOURCE_FAMILIES.map((family, index) => `${family} ${values[index]}`).join(' + ');
  return `add up to ${Number(total.toFixed(6))} (${terms}); they are fractions of dailyVolumeTb and must add up to exactly 1`;
}

/** What an environment file writes: defaults may be left out. */
export type SizingInputsInput = z.input<typeof sizingInputsObject>;
/** Validated sizing inputs with every default filled in. */
export type SizingInputs = z.output<typeof sizingInputsObject>;
