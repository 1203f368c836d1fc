import { ConfigError, loadConfig, type ConfigOverrides } from '../../config';
import { assumptions, formatPlan, planCapacity, resolveSizing, sizeStep, type SizingPlan } from '../../config/sizing';

function planFor(sizing: ConfigOverrides['sizing'] = {}): SizingPlan {
  return resolveSizing(loadConfig({ env: 'dev', overrides: { sizing } }));
}

/** The message of the ConfigError loading these sizing inputs throws. */
function sizingError(sizing: ConfigOverrides['sizing']): string {
  try {
    planFor(sizing);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Every size a stack deploys, as numbers: counts as they are, instance types by vCPU, warehouse sizes by step. */
function sizeFigures(plan: SizingPlan): Record<string, number> {
  const figures: Record<string, number> = {};
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') figures[path] = value;
    else if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
  };
  walk({ airbyte: plan.airbyte, nodeGroups: plan.nodeGroups, warehouses: plan.warehouses, landingLifecycle: plan.landingLifecycle }, 'plan');
  for (const [workload, group] of Object.entries(plan.nodeGroups)) {
    figures[`plan.nodeGroups.${workload}.instanceType(vcpu)`] = assumptions.INSTANCE_TYPES[group.instanceType].vcpu;
  }
  for (const [name, warehouse] of Object.entries(plan.warehouses)) figures[`plan.warehouses.${name}.size(step)`] = sizeStep(warehouse.size);
  return figures;
}

describe('capacity model', () => {
  it.each(['dev', 'prod'])('meets the 3-hour target for 10 TB/day with the default inputs (%s)', (env) => {
    const config = loadConfig({ env });
    const plan = resolveSizing(config);
    expect(config.sizing).toMatchObject({ dailyVolumeTb: 10, latencyTargetHours: 3 });
    expect(plan.latency.meetsTarget).toBe(true);
    expect(plan.latency.stages.every((stage) => stage.hours <= stage.budgetHours)).toBe(true);
    expect(plan.latency.criticalPathHours + plan.latency.marginHours).toBeLessThanOrEqual(3);
    expect(formatPlan(plan, env)).toContain('meets the 3 h target with its margin');
  });

  it('either fits 40 TB/day or names each stage that does not, with how far it is over', () => {
    const plan = planFor({ dailyVolumeTb: 40 });
    const report = formatPlan(plan, 'dev');
    const over = plan.latency.stages.filter((stage) => stage.overByHours > 0);
    expect(plan.latency.meetsTarget).toBe(over.length === 0);
    for (const stage of over) {
      expect(stage.overByHours).toBeCloseTo(stage.hours - stage.budgetHours, 9);
      expect(report).toContain(`${stage.stage} is over its ${Number(stage.budgetHours.toFixed(2))} h budget by ${Number(stage.overByHours.toFixed(2))} h`);
    }
    if (over.length === 0) expect(report).toContain('meets the 3 h target');
  });

  it('never lowers a size when the volume doubles', () => {
    const volumes = Array.from({ length: 14 }, (_, index) => 0.05 * 2 ** index);
    const plans = volumes.map((dailyVolumeTb) => planFor({ dailyVolumeTb }));
    for (let index = 1; index < plans.length; index += 1) {
      const before = sizeFigures(plans[index - 1]);
      const after = sizeFigures(plans[index]);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      const lowered = Object.keys(after).filter((path) => after[path] < before[path]);
      expect({ from: volumes[index - 1], to: volumes[index], lowered }).toEqual({ from: volumes[index - 1], to: volumes[index], lowered: [] });
    }
    expect(sizeFigures(plans[plans.length - 1])['plan.airbyte.concurrentSyncs']).toBeGreaterThan(sizeFigures(plans[0])['plan.airbyte.concurrentSyncs']);
  });

  it('prices every line and adds them up', () => {
    const { cost } = planFor();
    expect(cost.lines.every((line) => line.monthlyUsd >= 0 && line.basis.length > 0)).toBe(true);
    expect(cost.totalMonthlyUsd).toBeCloseTo(cost.lines.reduce((sum, line) => sum + line.monthlyUsd, 0), 6);
  });

  it('routes bulk files through COPY and the other families through Airbyte', () => {
    expect(planFor().routing).toEqual({ oltpCdc: 'airbyte', partnerApis: 'airbyte', structuredFiles: 'copy', documents: 'airbyte' });
  });
});

describe('impossible inputs', () => {
  it.each([0, -3])('refuses a daily volume of %s TB', (dailyVolumeTb) => {
    expect(sizingError({ dailyVolumeTb })).toContain('sizing.dailyVolumeTb: must be a positive number of terabytes per day');
  });

  it('refuses shares that do not add up to 1', () => {
    expect(sizingError({ shares: { oltpCdc: 0.2, partnerApis: 0.1, structuredFiles: 0.5, documents: 0.1 } })).toContain(
      'sizing.shares: add up to 0.9 (oltpCdc 0.2 + partnerApis 0.1 + structuredFiles 0.5 + documents 0.1); they are fractions of dailyVolumeTb and must add up to exactly 1',
    );
  });

  it('refuses a latency target shorter than what the stages need at any size', () => {
    expect(sizingError({ latencyTargetHours: 0.3 })).toContain(
      'sizing.latencyTargetHours: 0.3 h cannot be met at any size: after the 20% margin the ingest stage gets 0.12 h, no more than its fixed start-up of 0.17 h (Airbyte sync pods start and check their connections); use a target above 0.42 h',
    );
  });

  it('refuses a batch interval shorter than a stage start-up', () => {
    expect(sizingError({ batchIntervalHours: 0.1 })).toContain(
      'sizing.batchIntervalHours: 0.1 h is no longer than the ingest stage\'s fixed start-up of 0.17 h (Airbyte sync pods start and check their connections), so every run would fall further behind; use an interval above 0.17 h',
    );
  });

  it('refuses pinned bounds out of order and an instance type too small for a sync pod', () => {
    const message = sizingError({
      overrides: {
        nodeGroups: { ingestion: { instanceType: 'c6i.large', minSize: 6, maxSize: 4 } },
        warehouses: { loading: { minClusterCount: 3, maxClusterCount: 2 } },
      },
    });
    expect(message).toContain('sizing.overrides.nodeGroups.ingestion.maxSize: 4 is below the pinned minSize (6); pin maxSize at 6 or more');
    expect(message).toContain('sizing.overrides.warehouses.loading.maxClusterCount: 2 is below the pinned minClusterCount (3); pin maxClusterCount at 3 or more');
    expect(message).toContain('sizing.overrides.nodeGroups.ingestion.instanceType: c6i.large cannot hold an Airbyte sync pod (3 vCPU, 6 GiB requested); choose a larger type');
  });
});

describe('overrides', () => {
  const model = planFor();
  const pinned = planFor({
    overrides: {
      airbyte: { concurrentSyncs: 20 },
      nodeGroups: { system: { instanceType: 'm6i.xlarge', maxSize: 5 }, ingestion: { minSize: 8 } },
      warehouses: { loading: { size: 'XXLARGE' }, transforming: { size: 'XSMALL' } },
      routing: { structuredFiles: 'airbyte' },
    },
  });

  it('win over the model', () => {
    expect(pinned.airbyte.concurrentSyncs).toBe(20);
    expect(pinned.nodeGroups.system).toMatchObject({ instanceType: 'm6i.xlarge', maxSize: 5 });
    expect(pinned.nodeGroups.ingestion.minSize).toBe(8);
    expect(pinned.warehouses.loading.size).toBe('XXLARGE');
    expect(pinned.warehouses.transforming.size).toBe('XSMALL');
    expect(pinned.routing.structuredFiles).toBe('airbyte');
    expect(pinned.pinned).toEqual(
      expect.arrayContaining(['airbyte.concurrentSyncs', 'nodeGroups.ingestion.minSize', 'warehouses.loading.size', 'routing.structuredFiles']),
    );
    expect(model.pinned).toEqual([]);
  });

  it('feed what the model derives from them, keeping bounds ordered', () => {
    expect(pinned.airbyte.workerReplicas).toBe(2);
    expect(pinned.nodeGroups.ingestion.desiredSize).toBeGreaterThanOrEqual(8);
    expect(pinned.nodeGroups.ingestion.maxSize).toBeGreaterThanOrEqual(pinned.nodeGroups.ingestion.desiredSize);
  });

  it('are timed and priced as deployed: an undersized warehouse shows up as a stage over budget', () => {
    const transform = pinned.latency.stages.find((stage) => stage.stage === 'transform')!;
    expect(transform.overByHours).toBeGreaterThan(0);
    expect(pinned.latency.meetsTarget).toBe(false);
    expect(formatPlan(pinned, 'dev')).toContain('Concurrent syncs  20*');
  });

  it('leave planCapacity, the bare model, unchanged', () => {
    const bare = planCapacity(loadConfig({ env: 'dev', overrides: { sizing: { overrides: { airbyte: { concurrentSyncs: 20 } } } } }).sizing);
    expect(bare.airbyte).toEqual(model.airbyte);
    expect(bare.pinned).toEqual([]);
  });
});
