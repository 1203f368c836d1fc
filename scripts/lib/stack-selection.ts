import type { PlatformConfig } from '../../config';
import { PLATFORM_STACKS } from '../../stacks/platform';
import type { StackDefinition } from '../../stacks/stack-definition';

/** The stacks a command runs, and those it leaves out with the reason. */
export interface StackSelection {
  readonly run: readonly StackDefinition[];
  readonly skipped: readonly { readonly stack: StackDefinition; readonly reason: string }[];
}

export class UnknownStackError extends Error {
  constructor(unknown: readonly string[]) {
    super(
      `unknown stack${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `"${name}"`).join(', ')}; the platform's stacks are ${Object.keys(PLATFORM_STACKS).join(', ')} (stacks/platform.ts). Nothing was run.`,
    );
    this.name = 'UnknownStackError';
  }
}

/**
 * The registry's stacks named in `requested` (all when none are named). Against the emulator
 * (the `local` environment) only the stacks the registry marks emulator-deployable run.
 */
export function selectStacks(requested: readonly string[], config: PlatformConfig): StackSelection {
  const all = Object.values(PLATFORM_STACKS) as StackDefinition[];
  const unknown = requested.filter((name) => !all.some((stack) => stack.id === name));
  if (unknown.length > 0) throw new UnknownStackError(unknown);
  const wanted = requested.length === 0 ? all : all.filter((stack) => requested.includes(stack.id));
  if (!config.awsEndpoint) return { run: wanted, skipped: [] };
  return {
    run: wanted.filter((stack) => stack.emulator.deploys),
    skipped: wanted.flatMap((stack) => (stack.emulator.deploys ? [] : [{ stack, reason: stack.emulator.reason }])),
  };
}
