import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOmission } from '../../stacks/stack-definition';
import type { SynthesizedApp } from './stack-manifest';

interface StackJson {
  resource?: Record<string, Record<string, { depends_on?: string[] } & Record<string, unknown>>>;
  [block: string]: unknown;
}

/**
 * Removes the resource types the emulator has no API for from the emulator run's own
 * synthesized copy of a stack (the product's synthesis keeps them), with every `depends_on`
 * entry naming them. Any other reference to them would leave an invalid configuration, so it
 * fails here, naming it. Returns what was removed, by type.
 */
export function omitForEmulator(app: SynthesizedApp, stack: string, omissions: readonly EmulatorOmission[]): { resourceType: string; count: number; reason: string }[] {
  if (omissions.length === 0) return [];
  const file = join(app.stackDirectory(stack), 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
  const types = omissions.map((omission) => omission.resourceType);
  const removed = omissions.map((omission) => {
    const count = Object.keys(json.resource?.[omission.resourceType] ?? {}).length;
    delete json.resource?.[omission.resourceType];
    return { ...omission, count };
  });
  for (const resources of Object.values(json.resource ?? {})) {
    for (const resource of Object.values(resources)) {
      if (!resource.depends_on) continue;
      resource.depends_on = resource.depends_on.filter((dependency) => !types.some((type) => dependency.startsWith(`${type}.`)));
      if (resource.depends_on.length === 0) delete resource.depends_on;
    }
  }
  const text = JSON.stringify(json, null, 2);
  const dangling = types.filter((type) => text.includes(`${type}.`));
  if (dangling.length > 0) {
    throw new Error(`stack "${stack}" refers to ${dangling.join(', ')} beyond depends_on, so the emulator cannot run it without them; make only depends_on name them, or stop omitting them`);
  }
  writeFileSync(file, text);
  return removed.filter((omission) => omission.count > 0);
}
