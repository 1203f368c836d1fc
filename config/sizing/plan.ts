import { airbyteWork, ingestHours, sizeAirbyte, type AirbyteSizing } from './airbyte';
import { latencyBudget, STAGES, type Stage } from './budget';
import { estimateCost, type CostEstimate } from './cost';
import type { SizingInputs } from './inputs';
import { modelLandingLifecycle, type LandingLifecycle } from './lifecycle';
import { sizeNodeGroups, sizeOrchestration, type NodeGroupSizing, type OrchestrationSizing, type Workload } from './node-groups';
import { pinnedPaths, type SizingOverrides } from './overrides';
import { batchVolume, MODEL_ROUTING, type BatchVolume, type Routing } from './volume';
import { loadHours, sizeLoadingWarehouse, sizeTransformingWarehouse, transformHours, type WarehouseSizing } from './warehouses';

/** One stage of a batch against its share of the latency target. */
export interface StageTime {
  readonly stage: Stage;
  readonly budgetHours: number;
  readonly hours: number;
  /** How far the stage runs past its budget; 0 when it fits. */
  readonly overByHours: number;
}

/** Whether a batch is usable in time. */
export interface LatencyPlan {
  readonly targetHours: number;
  readonly hardLimitHours: number;
  readonly marginHours: number;
  readonly usableHours: number;
  readonly stages: readonly StageTime[];
  /** max(ingest, load) + transform: ingest and load run side by side. */
  readonly criticalPathHours: number;
  /** Every stage within its budget, so the target holds with the margin to spare. */
  readonly meetsTarget: boolean;
  readonly withinHardLimit: boolean;
}

/** The capacity plan: what each stack deploys, and the working behind it. */
export interface SizingPlan {
  readonly inputs: SizingInputs;
  readonly volume: BatchVolume;
  readonly routing: Routing;
  readonly airbyte: AirbyteSizing;
  readonly orchestration: OrchestrationSizing;
  readonly nodeGroups: Readonly<Record<Workload, NodeGroupSizing>>;
  readonly warehouses: { readonly loading: WarehouseSizing; readonly transforming: WarehouseSizing };
  readonly landingLifecycle: LandingLifecycle;
  readonly latency: LatencyPlan;
  readonly cost: CostEstimate;
  /** Dotted paths of the figures an operator pinned, e.g. `warehouses.loading.size`. */
  readonly pinned: readonly string[];
}

/** What the model recommends for `inputs`, ignoring their pinned overrides. */
export function planCapacity(inputs: SizingInputs): SizingPlan {
  return buildPlan(inputs, {}, modelLandingLifecycle());
}

/**
 * Sizes each part in dependency order so that a pinned figure feeds what is derived from
 * it, then times the stages and prices the result with the figures actually deployed.
 */
export function buildPlan(inputs: SizingInputs, overrides: SizingOverrides, landingLifecycle: LandingLifecycle): SizingPlan {
  const budget = latencyBudget(inputs.latencyTargetHours, inputs.batchIntervalHours);
  const volume = batchVolume(inputs);
  const routing: Routing = { ...MODEL_ROUTING, ...overrides.routing };
  const work = airbyteWork(volume, routing);
  const airbyte = sizeAirbyte(work, budget.stageHours.ingest, overrides.airbyte);
  const warehouses = {
    loading: sizeLoadingWarehouse(volume.batchTb, budget.stageHours.load, overrides.warehouses?.loading),
    transforming: sizeTransformingWarehouse(volume.batchTb, budget.stageHours.transform, overrides.warehouses?.transforming),
  };
  const orchestration = sizeOrchestration(airbyte, warehouses.loading);
  const nodeGroups = sizeNodeGroups(airbyte, orchestration, overrides.nodeGroups);
  const stageHours: Record<Stage, number> = {
    ingest: ingestHours(work, airbyte.concurrentSyncs),
    load: loadHours(volume.batchTb, warehouses.loading),
    transform: transformHours(volume.batchTb, warehouses.transforming),
  };
  const stages = STAGES.map((stage) => ({
    stage,
    budgetHours: budget.stageHours[stage],
    hours: stageHours[stage],
    overByHours: Math.max(0, stageHours[stage] - budget.stageHours[stage]),
  }));
  const criticalPathHours = Math.max(stageHours.ingest, stageHours.load) + stageHours.transform;
  return {
    inputs,
    volume,
    routing,
    airbyte,
    orchestration,
    nodeGroups,
    warehouses,
    landingLifecycle,
    latency: {
      targetHours: inputs.latencyTargetHours,
      hardLimitHours: inputs.latencyHardLimitHours,
      marginHours: budget.marginHours,
      usableHours: budget.usableHours,
      stages,
      criticalPathHours,
      meetsTarget: stages.every((stage) => stage.overByHours === 0),
      withinHardLimit: criticalPathHours <= inputs.latencyHardLimitHours,
    },
    cost: estimateCost({ volume, routing, compressionRatio: inputs.compressionRatio, nodeGroups, warehouses, stageHours, landingLifecycle }),
    pinned: pinnedPaths(overrides),
  };
}
