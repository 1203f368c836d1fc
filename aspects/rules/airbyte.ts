import type { PolicyRule, SynthesizedResource } from '../policy';
import { violation } from './violation';

/** A data source that checks the Airbyte server before anything talks to it: an `http` read with a postcondition. */
function isHealthGate(data: SynthesizedResource): boolean {
  const lifecycle = data.attributes.lifecycle as { postcondition?: unknown[] } | undefined;
  return (lifecycle?.postcondition?.length ?? 0) > 0;
}

/**
 * Every Airbyte resource waits for a healthy server: it depends on the health gate (an `http`
 * data source with a postcondition) itself, or refers to an Airbyte resource that does (a
 * source through its workspace, a connection through its source). Without the gate the provider
 * calls a server that may not exist yet, which is what made the proposal apply three times.
 */
export const airbyteBehindHealthGate: PolicyRule = {
  id: 'airbyte-behind-health-gate',
  check(resources) {
    const airbyte = resources.all.filter((resource) => resource.type.startsWith('airbyte_'));
    if (airbyte.length === 0) return [];
    const gates = resources.dataOfType('http').filter(isHealthGate).map((gate) => gate.address);
    const gated = new Set(airbyte.filter((resource) => ((resource.attributes.depends_on ?? []) as string[]).some((dependency) => gates.includes(dependency))).map((resource) => resource.address));
    // Gating follows references: keep adding resources that refer to a gated one until none is left to add.
    let added = true;
    while (added) {
      added = false;
      for (const resource of airbyte) {
        if (gated.has(resource.address)) continue;
        const text = JSON.stringify(resource.attributes);
        if ([...gated].some((address) => text.includes(`\${${address}.`))) {
          gated.add(resource.address);
          added = true;
        }
      }
    }
    return airbyte
      .filter((resource) => !gated.has(resource.address))
      .map((resource) =>
        violation(
          airbyteBehindHealthGate,
          resource,
          'does not wait for the Airbyte health gate; depend on the AirbyteHealthGate (dependsOn) or refer to the workspace that does',
        ),
      );
  },
};

export const airbyteRules: readonly PolicyRule[] = [airbyteBehindHealthGate];
