import {
  CATCH_UP_FACTOR,
  LOAD_THROUGHPUT_ANCHOR,
  LOADING_MAX_SIZE,
  MAX_CLUSTER_COUNT,
  SPEED_UP_PER_SIZE_STEP_ABOVE_ANCHOR,
  STAGE_STARTUP_HOURS,
  TRANSFORM_TB_PER_NODE_HOUR,
  WAREHOUSE_SIZES,
  type WarehouseSize,
} from './assumptions';
import { applyPinnedBounds, CLUSTER_BOUNDS } from './bounds';
import type { SizingOverrides } from './overrides';

/** A Snowflake warehouse as the snowflake stack declares it. */
export interface WarehouseSizing {
  readonly size: WarehouseSize;
  /** Clusters kept running while the warehouse is resumed. */
  readonly minClusterCount: number;
  /** Clusters Snowflake may add when statements queue. */
  readonly maxClusterCount: number;
}

type PinnedWarehouse = NonNullable<SizingOverrides['warehouses']>['loading'];

/** Position of a size from the smallest (0); also how sizes compare. */
export function sizeStep(size: WarehouseSize): number {
  return WAREHOUSE_SIZES.findIndex((entry) => entry.size === size);
}

/** Snowflake's credits per hour for one cluster of `size`. */
export function creditsPerHour(size: WarehouseSize): number {
  return WAREHOUSE_SIZES[sizeStep(size)].creditsPerHour;
}

/**
 * Nodes' worth of work a size does: its node count up to the measured anchor, then
 * diminishing returns per step above it (loads measured that way; assumed for transforms).
 */
function effectiveNodes(size: WarehouseSize): number {
  const step = sizeStep(size);
  const anchorStep = sizeStep(LOAD_THROUGHPUT_ANCHOR.size);
  if (step <= anchorStep) return WAREHOUSE_SIZES[step].nodes;
  return WAREHOUSE_SIZES[anchorStep].nodes * SPEED_UP_PER_SIZE_STEP_ABOVE_ANCHOR ** (step - anchorStep);
}

/** Uncompressed TB per hour one cluster of `size` loads. */
export function loadTbPerHour(size: WarehouseSize): number {
  return (LOAD_THROUGHPUT_ANCHOR.tbPerHour * effectiveNodes(size)) / WAREHOUSE_SIZES[sizeStep(LOAD_THROUGHPUT_ANCHOR.size)].nodes;
}

/** Uncompressed TB per hour one cluster of `size` carries through silver, gold and marts. */
export function transformTbPerHour(size: WarehouseSize): number {
  return TRANSFORM_TB_PER_NODE_HOUR * effectiveNodes(size);
}

/** Hours the load stage takes: COPY statements spread over every cluster. */
export function loadHours(batchTb: number, warehouse: WarehouseSizing): number {
  return STAGE_STARTUP_HOURS.load + batchTb / (loadTbPerHour(warehouse.size) * warehouse.maxClusterCount);
}

/** Hours the transform stage takes: one batch's dbt run on one cluster. */
export function transformHours(batchTb: number, warehouse: WarehouseSizing): number {
  return STAGE_STARTUP_HOURS.transform + batchTb / transformTbPerHour(warehouse.size);
}

/**
 * Loading grows up to LOADING_MAX_SIZE, then out by clusters (each runs its own COPY
 * statements). Every rung is at least as large as the one before in size and clusters, so a
 * larger batch never picks a smaller warehouse. Loading carries every byte of the batch:
 * Airbyte's Snowflake destination loads its staged records on the same warehouse.
 */
export function sizeLoadingWarehouse(batchTb: number, budgetHours: number, pinned: PinnedWarehouse = {}): WarehouseSizing {
  const ladder: WarehouseSizing[] = [
    ...WAREHOUSE_SIZES.slice(0, sizeStep(LOADING_MAX_SIZE) + 1).map((entry) => ({ size: entry.size, minClusterCount: 1, maxClusterCount: 1 })),
    ...Array.from({ length: MAX_CLUSTER_COUNT - 1 }, (_, index) => ({ size: LOADING_MAX_SIZE, minClusterCount: 1, maxClusterCount: index + 2 })),
  ];
  return pin(firstFitting(ladder, (rung) => loadHours(batchTb, rung) <= budgetHours), pinned);
}

/**
 * Transforming grows in size only (a dbt model runs on one cluster); its second cluster
 * lets a late batch's run overlap the next one's instead of queueing behind it.
 */
export function sizeTransformingWarehouse(batchTb: number, budgetHours: number, pinned: PinnedWarehouse = {}): WarehouseSizing {
  const ladder = WAREHOUSE_SIZES.map((entry) => ({ size: entry.size, minClusterCount: 1, maxClusterCount: CATCH_UP_FACTOR }));
  return pin(firstFitting(ladder, (rung) => transformHours(batchTb, rung) <= budgetHours), pinned);
}

/** The first rung that fits, else the largest: the plan then reports the stage as over budget. */
function firstFitting(ladder: readonly WarehouseSizing[], fits: (rung: WarehouseSizing) => boolean): WarehouseSizing {
  return ladder.find(fits) ?? ladder[ladder.length - 1];
}

function pin(model: WarehouseSizing, pinned: PinnedWarehouse = {}): WarehouseSizing {
  return { size: pinned.size ?? model.size, ...applyPinnedBounds(CLUSTER_BOUNDS, model, pinned) };
}
