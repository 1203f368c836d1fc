import { Testing, type App } from 'cdktf';
import { loadConfig } from '../../config';
import type { ProviderFamily } from '../../providers/families';
import { PlatformStack } from '../../stacks/platform-stack';
import { EMULATOR_DEPLOYS, type StackDefinition } from '../../stacks/stack-definition';

/** A registry entry for a stack that exists only in a test. */
export function testStackDefinition(id: string, providers: readonly ProviderFamily[] = ['aws']): StackDefinition {
  return { id, description: `test stack ${id}`, providers, emulator: EMULATOR_DEPLOYS };
}

/** An empty PlatformStack (dev config) in a fresh app, for tests that add resources to it. */
export function stackUnderTest(id = 'under-test', providers: readonly ProviderFamily[] = ['aws']): { app: App; stack: PlatformStack } {
  const app = Testing.app({ stackTraces: false });
  return { app, stack: new PlatformStack(app, testStackDefinition(id, providers), { config: loadConfig({ env: 'dev' }) }) };
}
