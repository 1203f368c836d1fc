import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOmission } from '../../stacks/stack-definition';
import type { SynthesizedApp } from './stack-manifest';

type ResourceJson = { depends_on?: string[]; '//'?: { metadata?: { path?: string } } } & Record<string, unknown>;

interface StackJson {
  resource?: Record<string, Record<string, ResourceJson>>;
  [block: string]: unknown;
}

/**
 * Removes what the emulator cannot create from the emulator run's own synthesized copy of a
 * stack (the product's synthesis keeps it): every resource of an omitted type, or only the one
 * at the omission's construct path, with every `depends_on` entry naming them. Any other
 * reference to them would leave an invalid configuration, so it fails here, naming it. Returns
 * what was removed, by type.
 */
export function omitForEmulator(app: SynthesizedApp, stack: string, omissions: readonly EmulatorOmission[]): { resourceType: string; count: number; reason: string }[] {
  if (omissions.length === 0) return [];
  const file = join(app.stackDirectory(stack), 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
  // What a reference to a removed resource starts with: `<type>` for a whole type, `<type>.<name>` for one resource.
  const removedPrefixes: string[] = [];
  const removed = omissions.map((omission) => {
    const ofType = json.resource?.[omission.resourceType] ?? {};
    const names = Object.keys(ofType).filter((name) => omission.path === undefined || ofType[name]['//']?.metadata?.path === omission.path);
    names.forEach((name) => delete ofType[name]);
    if (json.resource && Object.keys(ofType).length === 0) delete json.resource[omission.resourceType];
    removedPrefixes.push(...(omission.path === undefined ? [omission.resourceType] : names.map((name) => `${omission.resourceType}.${name}`)));
    return { ...omission, count: names.length };
  });
  for (const resources of Object.values(json.resource ?? {})) {
    for (const resource of Object.values(resources)) {
      if (!resource.depends_on) continue;
      resource.depends_on = resource.depends_on.filter((dependency) => !removedPrefixes.some((prefix) => `${dependency}.`.startsWith(`${prefix}.`)));
      if (resource.depends_on.length === 0) delete resource.depends_on;
    }
  }
  const text = JSON.stringify(json, null, 2);
  const dangling = removedPrefixes.filter((prefix) => text.includes(`${prefix}.`));
  if (dangling.length > 0) {
    throw new Error(`stack "${stack}" refers to ${dangling.join(', ')} beyond depends_on, so the emulator cannot run it without them; make only depends_on name them, or stop omitting them`);
  }
  writeFileSync(file, text);
  return removed.filter((omission) => omission.count > 0);
}
