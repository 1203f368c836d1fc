import {
  AIRBYTE_CONTAINERS_PER_SYNC,
  AIRBYTE_PLATFORM,
  AIRFLOW_PLATFORM,
  AIRFLOW_TASK_POD,
  CATCH_UP_FACTOR,
  COPY_STATEMENTS_PER_CLUSTER,
  SYSTEM_ADDONS,
  SYSTEM_MIN_NODES,
  type InstanceType,
  type PodResources,
} from './assumptions';
import type { AirbyteSizing } from './airbyte';
import { cheapestHolding, cheapestPerPod, nodesFor, plus, podsPerNode, times } from './nodes';
import { applyPinnedBounds, NODE_GROUP_BOUNDS } from './bounds';
import type { SizingOverrides } from './overrides';
import type { WarehouseSizing } from './warehouses';

/** The EKS managed node groups, one per kind of workload. */
export const WORKLOADS = ['system', 'ingestion', 'orchestration'] as const;
export type Workload = (typeof WORKLOADS)[number];

/**
 * An EKS managed node group's instance type and scaling bounds. `desiredSize` is the batch
 * peak: without a cluster autoscaler the group runs at it; `minSize` is what the always-on
 * services need, for when one is added; `maxSize` leaves room to catch up a late batch.
 */
export interface NodeGroupSizing {
  readonly instanceType: InstanceType;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

type PinnedNodeGroups = NonNullable<SizingOverrides['nodeGroups']>;
type PinnedNodeGroup = PinnedNodeGroups['system'];

/** The pod of one Airbyte sync: orchestrator, source and destination containers. */
export function syncPod(airbyte: AirbyteSizing): PodResources {
  return times(airbyte.jobContainer, AIRBYTE_CONTAINERS_PER_SYNC);
}

/** What the Airflow release is sized from: its task pods and how many run at a batch's peak. */
export interface OrchestrationSizing {
  /** Requests of one KubernetesExecutor task pod. */
  readonly taskPod: PodResources;
  /** Task pods running at once at a batch's peak (Airflow's `parallelism`). */
  readonly peakTasks: number;
}

/**
 * Airflow task pods at a batch's peak (KubernetesExecutor, one pod per running task): one
 * per Airbyte sync it triggers and waits on, one per COPY statement the loading clusters
 * run at once, one for dbt.
 */
export function sizeOrchestration(airbyte: AirbyteSizing, loading: WarehouseSizing): OrchestrationSizing {
  return { taskPod: AIRFLOW_TASK_POD, peakTasks: airbyte.concurrentSyncs + loading.maxClusterCount * COPY_STATEMENTS_PER_CLUSTER + 1 };
}

export function sizeNodeGroups(airbyte: AirbyteSizing, orchestration: OrchestrationSizing, pinned: PinnedNodeGroups = {}): Record<Workload, NodeGroupSizing> {
  return {
    system: sizeSystem(pinned.system),
    ingestion: sizeBatchWorkload(
      { always: plus(AIRBYTE_PLATFORM, times(airbyte.worker, airbyte.workerReplicas)), pod: syncPod(airbyte), peakPods: airbyte.concurrentSyncs },
      pinned.ingestion,
    ),
    orchestration: sizeBatchWorkload({ always: AIRFLOW_PLATFORM, pod: orchestration.taskPod, peakPods: orchestration.peakTasks }, pinned.orchestration),
  };
}

/** Add-ons fit on one node, so either of two nodes in separate AZs can carry them; one spare for updates. */
function sizeSystem(pinned: PinnedNodeGroup = {}): NodeGroupSizing {
  const instanceType = pinned.instanceType ?? cheapestHolding(SYSTEM_ADDONS);
  const desiredSize = Math.max(SYSTEM_MIN_NODES, nodesFor(instanceType, SYSTEM_ADDONS) + 1);
  return pinBounds(instanceType, { minSize: SYSTEM_MIN_NODES, desiredSize, maxSize: desiredSize + 1 }, pinned);
}

interface BatchWorkload {
  /** Requests of the services that run all the time. */
  readonly always: PodResources;
  /** The pod a batch starts many of. */
  readonly pod: PodResources;
  /** How many of them run at a batch's peak. */
  readonly peakPods: number;
}

/** Nodes for the always-on services plus whole nodes of batch pods; the type is the cheapest per batch pod. */
function sizeBatchWorkload(workload: BatchWorkload, pinned: PinnedNodeGroup = {}): NodeGroupSizing {
  const instanceType = pinned.instanceType ?? cheapestPerPod(workload.pod);
  const alwaysOn = nodesFor(instanceType, workload.always);
  const batchNodes = (pods: number) => Math.ceil(pods / podsPerNode(instanceType, workload.pod));
  return pinBounds(
    instanceType,
    { minSize: alwaysOn, desiredSize: alwaysOn + batchNodes(workload.peakPods), maxSize: alwaysOn + batchNodes(CATCH_UP_FACTOR * workload.peakPods) },
    pinned,
  );
}

function pinBounds(instanceType: InstanceType, model: Record<(typeof NODE_GROUP_BOUNDS)[number], number>, pinned: PinnedNodeGroup): NodeGroupSizing {
  return { instanceType, ...applyPinnedBounds(NODE_GROUP_BOUNDS, model, pinned) };
}
