import { loadConfig } from '../../config';
import { platformSizing, resolveSizing } from '../../config/sizing';

describe("each stack's slice of the capacity plan", () => {
  it.each(['dev', 'prod'])('%s: carries exactly the figures of the resolved plan', (env) => {
    const config = loadConfig({ env });
    const plan = resolveSizing(config);
    expect(platformSizing(config)).toEqual({
      storage: { landingLifecycle: plan.landingLifecycle },
      eks: { nodeGroups: plan.nodeGroups },
      snowflake: { warehouses: plan.warehouses, monthlyCredits: plan.cost.monthlyCredits },
      airbyte: plan.airbyte,
      airflow: plan.orchestration,
    });
  });

  it('prices warehouse credits the way the cost estimate bills them', () => {
    const plan = resolveSizing(loadConfig({ env: 'dev' }));
    const billed = (name: string) => plan.cost.lines.find((line) => line.item === `Snowflake warehouse: ${name}`)!.monthlyUsd;
    expect(plan.cost.monthlyCredits.loading * 3).toBeCloseTo(billed('loading'));
    expect(plan.cost.monthlyCredits.transforming * 3).toBeCloseTo(billed('transforming'));
  });

  it('sizes Airflow for every task a batch runs at its peak', () => {
    const plan = resolveSizing(loadConfig({ env: 'dev' }));
    expect(plan.orchestration.peakTasks).toBe(plan.airbyte.concurrentSyncs + plan.warehouses.loading.maxClusterCount * 8 + 1);
  });
});
