import {
  AIRBYTE_JOB_CONTAINER,
  AIRBYTE_MAX_CONCURRENT_SYNCS,
  AIRBYTE_SYNC_MB_PER_SECOND,
  AIRBYTE_SYNCS_PER_WORKER,
  AIRBYTE_WORKER,
  STAGE_STARTUP_HOURS,
  type PodResources,
} from './assumptions';
import { SOURCE_FAMILIES } from './families';
import type { SizingOverrides } from './overrides';
import type { BatchVolume, Routing } from './volume';

/** What the Airbyte Helm release and its node group are sized from. */
export interface AirbyteSizing {
  /** Syncs running at once at a batch's peak. */
  readonly concurrentSyncs: number;
  /** Syncs one airbyte-worker replica supervises (`worker.maxSyncWorkers` in the chart). */
  readonly maxSyncWorkers: number;
  /** airbyte-worker replicas (`worker.replicaCount`). */
  readonly workerReplicas: number;
  /** Requests of each airbyte-worker replica. */
  readonly worker: PodResources;
  /** Requests of each of a sync pod's containers (`global.jobs.resources` in the chart). */
  readonly jobContainer: PodResources;
}

const MB_PER_TB = 1_000_000;
const SECONDS_PER_HOUR = 3600;

/** The Airbyte route's work in one batch: sync-seconds, and how many families need a sync of their own. */
export interface AirbyteWork {
  readonly syncSeconds: number;
  readonly families: number;
}

export function airbyteWork(volume: BatchVolume, routing: Routing): AirbyteWork {
  const routed = SOURCE_FAMILIES.filter((family) => routing[family] === 'airbyte' && volume.familyBatchTb[family] > 0);
  return {
    syncSeconds: routed.reduce((sum, family) => sum + (volume.familyBatchTb[family] * MB_PER_TB) / AIRBYTE_SYNC_MB_PER_SECOND[family], 0),
    families: routed.length,
  };
}

/**
 * Enough syncs to finish the batch's work within the ingest budget after start-up, at
 * least one per family and at most what one Airbyte deployment is known to run.
 */
export function sizeAirbyte(work: AirbyteWork, ingestBudgetHours: number, pinned: SizingOverrides['airbyte'] = {}): AirbyteSizing {
  const windowSeconds = (ingestBudgetHours - STAGE_STARTUP_HOURS.ingest) * SECONDS_PER_HOUR;
  const needed = windowSeconds > 0 ? Math.ceil(work.syncSeconds / windowSeconds) : AIRBYTE_MAX_CONCURRENT_SYNCS;
  const concurrentSyncs = pinned.concurrentSyncs ?? Math.min(AIRBYTE_MAX_CONCURRENT_SYNCS, Math.max(1, work.families, needed));
  const maxSyncWorkers = pinned.maxSyncWorkers ?? AIRBYTE_SYNCS_PER_WORKER;
  return {
    concurrentSyncs,
    maxSyncWorkers,
    workerReplicas: pinned.workerReplicas ?? Math.ceil(concurrentSyncs / maxSyncWorkers),
    worker: { ...AIRBYTE_WORKER, ...pinned.worker },
    jobContainer: { ...AIRBYTE_JOB_CONTAINER, ...pinned.jobContainer },
  };
}

/** Hours the ingest stage takes with `concurrentSyncs` sharing the work; nothing to ingest takes no time. */
export function ingestHours(work: AirbyteWork, concurrentSyncs: number): number {
  if (work.families === 0) return 0;
  return STAGE_STARTUP_HOURS.ingest + work.syncSeconds / concurrentSyncs / SECONDS_PER_HOUR;
}
