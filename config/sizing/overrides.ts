import { z } from 'zod';
import { AIRFLOW_TASK_POD, AIRBYTE_CONTAINERS_PER_SYNC, AIRBYTE_JOB_CONTAINER, INSTANCE_TYPES, MAX_CLUSTER_COUNT, WAREHOUSE_SIZES, type InstanceType, type PodResources, type WarehouseSize } from './assumptions';
import { CLUSTER_BOUNDS, NODE_GROUP_BOUNDS } from './bounds';
import { ROUTES } from './families';
import { podsPerNode } from './nodes';

const INSTANCE_TYPE_NAMES = Object.keys(INSTANCE_TYPES) as [InstanceType, ...InstanceType[]];
const WAREHOUSE_SIZE_NAMES = WAREHOUSE_SIZES.map((entry) => entry.size) as [WarehouseSize, ...WarehouseSize[]];

const instanceType = z.enum(INSTANCE_TYPE_NAMES, {
  message: `must be one of ${INSTANCE_TYPE_NAMES.join(', ')}; to use another type, add it to INSTANCE_TYPES in config/sizing/assumptions.ts with its vCPU, memory and price`,
});

const nodeCount = z.number().int({ message: 'must be a whole number of nodes' }).min(0, { message: 'must be 0 or more nodes' });

const clusterCount = z
  .number()
  .int({ message: 'must be a whole number of clusters' })
  .min(1, { message: 'must be at least 1 cluster' })
  .max(MAX_CLUSTER_COUNT, { message: `must be at most ${MAX_CLUSTER_COUNT}, Snowflake's default cluster limit` });

const podResources = z
  .strictObject({
    /** vCPU requested. */
    cpu: z.number().positive({ message: 'must be a positive number of vCPU' }),
    /** GiB of memory requested. */
    memoryGib: z.number().positive({ message: 'must be a positive number of GiB' }),
  })
  .partial();

/** Reports every pinned pair out of order, e.g. a minSize above a pinned maxSize. */
function orderedWhenPinned<K extends string>(keys: readonly K[]) {
  return (pinned: Partial<Record<K, number>>, ctx: z.RefinementCtx) => {
    keys.forEach((lower, index) => {
      for (const upper of keys.slice(index + 1)) {
        const low = pinned[lower];
        const high = pinned[upper];
        if (low !== undefined && high !== undefined && low > high) {
          ctx.addIssue({ code: 'custom', path: [upper], message: `${high} is below the pinned ${lower} (${low}); pin ${upper} at ${low} or more` });
        }
      }
    });
  };
}

const nodeGroupOverride = z
  .strictObject({
    instanceType: instanceType.optional(),
    minSize: nodeCount.optional(),
    desiredSize: nodeCount.optional(),
    maxSize: nodeCount.min(1, { message: 'must be at least 1 node' }).optional(),
  })
  .superRefine(orderedWhenPinned(NODE_GROUP_BOUNDS));

const warehouseOverride = z
  .strictObject({
    size: z.enum(WAREHOUSE_SIZE_NAMES, { message: `must be one of ${WAREHOUSE_SIZE_NAMES.join(', ')}` }),
    minClusterCount: clusterCount,
    maxClusterCount: clusterCount,
  })
  .partial()
  .superRefine(orderedWhenPinned(CLUSTER_BOUNDS));

/**
 * Figures an operator pins per environment; every one wins over the model, and what the
 * model derives from it follows (pinning `airbyte.concurrentSyncs` resizes the ingestion
 * nodes unless they are pinned too). Unpinned bounds move just enough to stay ordered.
 * The landing bucket's lifecycle tiers are pinned in `storage.landingLifecycle`.
 */
export const sizingOverridesSchema = z
  .strictObject({
    airbyte: z
      .strictObject({
        concurrentSyncs: z.number().int().positive({ message: 'must be a positive whole number of syncs' }),
        /** Syncs one airbyte-worker replica supervises (`MAX_SYNC_WORKERS`). */
        maxSyncWorkers: z.number().int().positive({ message: 'must be a positive whole number of syncs per worker' }),
        workerReplicas: z.number().int().positive({ message: 'must be a positive whole number of replicas' }),
        /** Requests of each airbyte-worker replica. */
        worker: podResources,
        /** Requests of each container of a sync pod (`JOB_MAIN_CONTAINER_*`). */
        jobContainer: podResources,
      })
      .partial(),
    nodeGroups: z.strictObject({ system: nodeGroupOverride, ingestion: nodeGroupOverride, orchestration: nodeGroupOverride }).partial(),
    warehouses: z.strictObject({ loading: warehouseOverride, transforming: warehouseOverride }).partial(),
    /** Only bulk files have a choice; the other families reach Snowflake through Airbyte alone. */
    routing: z.strictObject({ structuredFiles: z.enum(ROUTES, { message: `must be one of ${ROUTES.join(', ')}` }) }).partial(),
  })
  .partial()
  .superRefine((overrides, ctx) => {
    const jobContainer = { ...AIRBYTE_JOB_CONTAINER, ...overrides.airbyte?.jobContainer };
    const syncPod = { cpu: jobContainer.cpu * AIRBYTE_CONTAINERS_PER_SYNC, memoryGib: jobContainer.memoryGib * AIRBYTE_CONTAINERS_PER_SYNC };
    checkPodFits(ctx, 'ingestion', overrides.nodeGroups?.ingestion?.instanceType, syncPod, 'an Airbyte sync pod');
    checkPodFits(ctx, 'orchestration', overrides.nodeGroups?.orchestration?.instanceType, AIRFLOW_TASK_POD, 'an Airflow task pod');
  });

function checkPodFits(ctx: z.RefinementCtx, workload: string, type: InstanceType | undefined, pod: PodResources, what: string): void {
  if (type === undefined || !INSTANCE_TYPES[type] || podsPerNode(type, pod) > 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['nodeGroups', workload, 'instanceType'],
    message: `${type} cannot hold ${what} (${pod.cpu} vCPU, ${pod.memoryGib} GiB requested); choose a larger type`,
  });
}

export type SizingOverrides = z.output<typeof sizingOverridesSchema>;

/** Dotted paths of every pinned figure, e.g. `nodeGroups.ingestion.minSize`. */
export function pinnedPaths(overrides: SizingOverrides): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (value === undefined) return;
    if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    } else {
      paths.push(path.join('.'));
    }
  };
  walk(overrides, []);
  return paths;
}
