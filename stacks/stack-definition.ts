import type { ProviderFamily } from '../providers/families';

/** A resource type the emulator has no API for (or one resource it cannot create), left out of the emulator's copy of a stack. */
export interface EmulatorOmission {
  /** Terraform resource type, e.g. `aws_eks_addon`. */
  readonly resourceType: string;
  /** Construct path of the one resource of that type to leave out, e.g. `postgres/security-group/from-cluster`. @default every resource of the type */
  readonly path?: string;
  readonly reason: string;
}

/**
 * Whether `PLATFORM_ENV=local` deploys a stack into the AWS emulator, and if not, why. A stack
 * that deploys may name resource types the emulator lacks: the emulator run strips them from its
 * own synthesized copy (scripts/lib/emulator-omissions.ts) and says so; the product keeps them.
 */
export type EmulatorSupport =
  | { readonly deploys: true; readonly omits?: readonly EmulatorOmission[] }
  | { readonly deploys: false; readonly reason: string };

/** Deployed into the emulator by `npm run deploy` and `npm run test:deploy` in the local environment. */
export const EMULATOR_DEPLOYS: EmulatorSupport = { deploys: true };

/** One stack of the platform as the registry (stacks/platform.ts) lists it. */
export interface StackDefinition {
  /** The stack's name: its folder under cdktf.out/stacks/, its state file, its `cdktf deploy` argument. */
  readonly id: string;
  /** What the stack creates, in a line (README, `npm run deploy` output). */
  readonly description: string;
  /** Every provider family the stack configures; synthesis fails on any other. */
  readonly providers: readonly ProviderFamily[];
  readonly emulator: EmulatorSupport;
}

/** AWS is the stack's only provider: it validates and plans offline against the AWS provider mirror. */
export function isAwsOnly(stack: StackDefinition): boolean {
  return stack.providers.length === 1 && stack.providers[0] === 'aws';
}

type Entries = Record<string, Omit<StackDefinition, 'id'>>;

/** Adds each entry's key as its id, so a stack's name is written once. */
export function defineStacks<T extends Entries>(entries: T): { readonly [K in keyof T]: T[K] & { readonly id: K & string } } {
  return Object.fromEntries(Object.entries(entries).map(([id, entry]) => [id, { ...entry, id }])) as never;
}
