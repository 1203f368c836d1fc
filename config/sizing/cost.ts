import {
  COST_HORIZON_MONTHS,
  EKS_CONTROL_PLANE_USD_PER_HOUR,
  HOURS_PER_MONTH,
  INSTANCE_TYPES,
  NAT_USD_PER_GB,
  S3_USD_PER_GB_MONTH,
  SNOWFLAKE_STORAGE_USD_PER_TB_MONTH,
  SNOWFLAKE_USD_PER_CREDIT,
  WAREHOUSE_STORED_COPIES,
} from './assumptions';
import type { Stage } from './budget';
import { LANDED_FAMILIES } from './families';
import { formatHours, formatTb } from './format';
import type { LandingLifecycle } from './lifecycle';
import { WORKLOADS, type NodeGroupSizing, type Workload } from './node-groups';
import { routedBatchTb, type BatchVolume, type Routing } from './volume';
import { creditsPerHour, type WarehouseSizing } from './warehouses';

/** One line of the monthly bill and how it was worked out. */
export interface CostLine {
  readonly item: string;
  readonly basis: string;
  readonly monthlyUsd: number;
}

/**
 * A month's bill at the sized volume (growth headroom included), storage as billed in
 * month COST_HORIZON_MONTHS. Not included: RDS, load balancers, NAT hourly charges, the
 * reporting warehouse, requests and lifecycle transitions, support plans.
 */
export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly totalMonthlyUsd: number;
  /** Credits each sized warehouse burns in a month; the snowflake stack caps them with resource monitors. */
  readonly monthlyCredits: Readonly<Record<'loading' | 'transforming', number>>;
}

/** Everything the bill depends on. */
export interface CostDrivers {
  readonly volume: BatchVolume;
  readonly routing: Routing;
  readonly compressionRatio: number;
  readonly nodeGroups: Readonly<Record<Workload, NodeGroupSizing>>;
  readonly warehouses: { readonly loading: WarehouseSizing; readonly transforming: WarehouseSizing };
  readonly stageHours: Readonly<Record<Stage, number>>;
  readonly landingLifecycle: LandingLifecycle;
}

const GB_PER_TB = 1000;
const HORIZON_DAYS = (COST_HORIZON_MONTHS * HOURS_PER_MONTH) / 24;

export function estimateCost(drivers: CostDrivers): CostEstimate {
  const warehouseRuns = warehouseUse(drivers);
  const lines = [
    { item: 'EKS control plane', basis: `${HOURS_PER_MONTH} h`, monthlyUsd: EKS_CONTROL_PLANE_USD_PER_HOUR * HOURS_PER_MONTH },
    ...WORKLOADS.map((workload) => nodeGroupCost(workload, drivers.nodeGroups[workload])),
    ...warehouseRuns.map(warehouseCost),
    snowflakeStorageCost(drivers),
    landingStorageCost(drivers),
    natCost(drivers),
  ];
  return {
    lines,
    totalMonthlyUsd: lines.reduce((sum, line) => sum + line.monthlyUsd, 0),
    monthlyCredits: { loading: warehouseRuns[0].credits, transforming: warehouseRuns[1].credits },
  };
}

function batchesPerMonth(volume: BatchVolume): number {
  return (volume.batchesPerDay * HOURS_PER_MONTH) / 24;
}

/** The group runs at its desired size all month: the design has no cluster autoscaler yet. */
function nodeGroupCost(workload: Workload, group: NodeGroupSizing): CostLine {
  return {
    item: `EKS nodes: ${workload}`,
    basis: `${group.desiredSize} x ${group.instanceType}, ${HOURS_PER_MONTH} h`,
    monthlyUsd: group.desiredSize * INSTANCE_TYPES[group.instanceType].usdPerHour * HOURS_PER_MONTH,
  };
}

/** A warehouse's month: the clusters and hours it runs per batch, and the credits that adds up to. */
interface WarehouseUse {
  readonly name: 'loading' | 'transforming';
  readonly warehouse: WarehouseSizing;
  readonly clusters: number;
  readonly hours: number;
  readonly batches: number;
  readonly credits: number;
}

/**
 * Loading stays resumed while Airbyte's destination and the COPY statements use it, all its
 * clusters counted (an upper bound); transforming runs one cluster for the dbt run.
 */
function warehouseUse({ volume, warehouses, stageHours }: CostDrivers): [WarehouseUse, WarehouseUse] {
  const batches = batchesPerMonth(volume);
  const use = (name: WarehouseUse['name'], warehouse: WarehouseSizing, clusters: number, hours: number): WarehouseUse => ({
    name,
    warehouse,
    clusters,
    hours,
    batches,
    credits: creditsPerHour(warehouse.size) * clusters * hours * batches,
  });
  return [
    use('loading', warehouses.loading, warehouses.loading.maxClusterCount, Math.max(stageHours.ingest, stageHours.load)),
    use('transforming', warehouses.transforming, 1, stageHours.transform),
  ];
}

function warehouseCost({ name, warehouse, clusters, hours, batches, credits }: WarehouseUse): CostLine {
  return {
    item: `Snowflake warehouse: ${name}`,
    basis: `${warehouse.size} x ${clusters} cluster${clusters === 1 ? '' : 's'}, ${formatHours(hours)} x ${Math.round(batches)} batches = ${Math.round(credits).toLocaleString('en-US')} credits`,
    monthlyUsd: credits * SNOWFLAKE_USD_PER_CREDIT,
  };
}

function snowflakeStorageCost({ volume, compressionRatio }: CostDrivers): CostLine {
  const storedTb = ((volume.sizedDailyTb * HORIZON_DAYS) / compressionRatio) * WAREHOUSE_STORED_COPIES;
  return {
    item: 'Snowflake storage',
    basis: `${formatTb(storedTb)} compressed (${WAREHOUSE_STORED_COPIES} copies, month ${COST_HORIZON_MONTHS})`,
    monthlyUsd: storedTb * SNOWFLAKE_STORAGE_USD_PER_TB_MONTH,
  };
}

/** Files landed each day, spread over the tiers by age in month COST_HORIZON_MONTHS. */
function landingStorageCost({ volume, compressionRatio, landingLifecycle: tiers }: CostDrivers): CostLine {
  const landedGbPerDay = (LANDED_FAMILIES.reduce((sum, family) => sum + volume.familyBatchTb[family], 0) * volume.batchesPerDay * GB_PER_TB) / compressionRatio;
  const daysIn = (from: number, to: number) => Math.max(0, Math.min(to, HORIZON_DAYS) - Math.min(from, HORIZON_DAYS));
  const usdPerDailyGb =
    daysIn(0, tiers.infrequentAccessAfterDays) * S3_USD_PER_GB_MONTH.standard +
    daysIn(tiers.infrequentAccessAfterDays, tiers.glacierInstantRetrievalAfterDays) * S3_USD_PER_GB_MONTH.infrequentAccess +
    daysIn(tiers.glacierInstantRetrievalAfterDays, tiers.deepArchiveAfterDays) * S3_USD_PER_GB_MONTH.glacierInstantRetrieval +
    daysIn(tiers.deepArchiveAfterDays, Infinity) * S3_USD_PER_GB_MONTH.deepArchive;
  return {
    item: 'S3 landing bucket',
    basis: `${formatTb((landedGbPerDay * HORIZON_DAYS) / GB_PER_TB)} compressed over the tiers (month ${COST_HORIZON_MONTHS})`,
    monthlyUsd: landedGbPerDay * usdPerDailyGb,
  };
}

/** Partner API reads arrive through NAT; every Airbyte write to Snowflake leaves through it, compressed. */
function natCost({ volume, routing, compressionRatio }: CostDrivers): CostLine {
  const apiTb = routing.partnerApis === 'airbyte' ? volume.familyBatchTb.partnerApis : 0;
  const tbPerMonth = (apiTb + routedBatchTb(volume, routing, 'airbyte') / compressionRatio) * batchesPerMonth(volume);
  return {
    item: 'NAT data processing',
    basis: `${formatTb(tbPerMonth)} of Airbyte traffic`,
    monthlyUsd: tbPerMonth * GB_PER_TB * NAT_USD_PER_GB,
  };
}
