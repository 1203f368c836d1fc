import type { PlatformConfig } from '../schema';
import type { AirbyteSizing } from './airbyte';
import type { LandingLifecycle } from './lifecycle';
import type { NodeGroupSizing, OrchestrationSizing, Workload } from './node-groups';
import { resolveSizing } from './resolve';
import type { WarehouseSizing } from './warehouses';

/** What the capacity plan gives each stack: the figures it deploys, nothing else. */
export interface PlatformSizing {
  readonly storage: { readonly landingLifecycle: LandingLifecycle };
  readonly eks: { readonly nodeGroups: Readonly<Record<Workload, NodeGroupSizing>> };
  readonly snowflake: {
    readonly warehouses: Readonly<Record<'loading' | 'transforming', WarehouseSizing>>;
    /** Credits each warehouse is expected to burn in a month, before headroom. */
    readonly monthlyCredits: Readonly<Record<'loading' | 'transforming', number>>;
  };
  readonly airbyte: AirbyteSizing;
  readonly airflow: OrchestrationSizing;
}

/** Resolves this environment's plan (model plus pinned figures) and cuts it into per-stack slices. */
export function platformSizing(config: PlatformConfig): PlatformSizing {
  const plan = resolveSizing(config);
  return {
    storage: { landingLifecycle: plan.landingLifecycle },
    eks: { nodeGroups: plan.nodeGroups },
    snowflake: { warehouses: plan.warehouses, monthlyCredits: plan.cost.monthlyCredits },
    airbyte: plan.airbyte,
    airflow: plan.orchestration,
  };
}
