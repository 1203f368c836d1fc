import { SOURCE_FAMILIES, type Route, type SourceFamily } from './families';
import type { SizingInputs } from './inputs';

/** The data one batch carries, at the volume the platform is sized for. */
export interface BatchVolume {
  /** Today's daily volume plus the growth headroom, in uncompressed TB. */
  readonly sizedDailyTb: number;
  readonly batchesPerDay: number;
  /** Uncompressed TB in one batch, all families together. */
  readonly batchTb: number;
  /** Uncompressed TB in one batch per source family. */
  readonly familyBatchTb: Readonly<Record<SourceFamily, number>>;
}

export function batchVolume(inputs: SizingInputs): BatchVolume {
  const sizedDailyTb = inputs.dailyVolumeTb * (1 + inputs.growthHeadroom);
  const batchesPerDay = 24 / inputs.batchIntervalHours;
  const batchTb = sizedDailyTb / batchesPerDay;
  const familyBatchTb = Object.fromEntries(SOURCE_FAMILIES.map((family) => [family, batchTb * inputs.shares[family]])) as Record<SourceFamily, number>;
  return { sizedDailyTb, batchesPerDay, batchTb, familyBatchTb };
}

/** How each family reaches Snowflake. */
export type Routing = Readonly<Record<SourceFamily, Route>>;

/**
 * Bulk files load fastest and cheapest by COPY straight from the landing bucket: no pod
 * reads them, and a warehouse sized for the batch gives a load time the budget can count
 * on (Snowpipe's serverless throughput is not published, and these files land in batches,
 * not as a stream). CDC, APIs and documents need a connector: Airbyte.
 */
export const MODEL_ROUTING: Routing = { oltpCdc: 'airbyte', partnerApis: 'airbyte', structuredFiles: 'copy', documents: 'airbyte' };

/** Uncompressed TB per batch that one route carries. */
export function routedBatchTb(volume: BatchVolume, routing: Routing, route: Route): number {
  return SOURCE_FAMILIES.filter((family) => routing[family] === route).reduce((sum, family) => sum + volume.familyBatchTb[family], 0);
}
