/**
 * What the emulator deploy test (`npm run test:deploy`) knows about one stack. Each
 * emulator-deployable stack of the registry has one, next to its tests:
 * `test/stacks/<stack>.emulator.ts`, exporting `onEmulator`. Where moto differs from AWS, the
 * difference is tolerated only there, with its reason. Measured against moto 5.2.1 with
 * hashicorp/aws 5.100.0 (see ../shared/reference/moto-fidelity.md where present).
 */
import { join } from 'node:path';
import type { PlatformConfig } from '../../config';
import type { AwsClients, Inventory, InventoryItem, ResourceKind } from './inventory';

/** `terraform output -json` of each deployed stack: output name to value. */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Collects every mismatch so one run reports all of them. */
export class Checks {
  readonly failures: string[] = [];
  passed = 0;

  equal(what: string, actual: unknown, expected: unknown): void {
    this.ok(what, JSON.stringify(actual) === JSON.stringify(expected), `expected ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}`);
  }

  ok(what: string, condition: boolean, detail = 'does not hold'): void {
    if (condition) this.passed += 1;
    else this.failures.push(`${what}: ${detail}`);
  }
}

/** What a stack's check can see of the deployed platform. */
export interface DeployedPlatform {
  readonly config: PlatformConfig;
  /** Outputs of every stack deployed in this run, by stack. */
  readonly outputs: StackOutputs;
  readonly aws: AwsClients;
  /** The text of every state file this run wrote. */
  readonly stateFiles: () => Promise<string[]>;
}

/** An attribute moto cannot round-trip, so the re-plan right after an apply wants to change it. */
export interface DriftGap {
  /** Terraform resource type, e.g. `aws_eks_cluster`. */
  readonly resourceType: string;
  /**
   * Top-level attributes that may differ; a change touching any other attribute still fails. For
   * a replacement these are the attributes that force it and those whose new value differs
   * (deploy.e2e.ts `changedAttributes`).
   */
  readonly attributes: readonly string[];
  readonly reason: string;
}

/** Something that exists after a successful destroy that did not before the deploy. */
export interface Leftover {
  readonly kind: ResourceKind;
  /** True when AWS leaves it too (e.g. a key waiting out its deletion window); false for a moto gap. */
  readonly alsoOnAws: boolean;
  readonly reason: string;
  /** True when `item` is this leftover; `after` is the inventory it was found in. */
  readonly matches: (item: InventoryItem, after: Inventory) => boolean;
}

export interface StackOnEmulator {
  /** The kinds of resource the stack creates: the inventory lists these before and after. */
  readonly creates: readonly ResourceKind[];
  /** Asserts what the emulator holds against the configuration. */
  check(deployed: DeployedPlatform, checks: Checks): Promise<void>;
  /**
   * After destroy, asserts that what AWS removes on its own with the stack's resources is gone
   * too (e.g. the secret RDS keeps a managed master password in), which the inventory cannot
   * tell from a leftover. `deployed` is what the deploy check saw. @default nothing more to check
   */
  checkDestroyed?(deployed: DeployedPlatform, checks: Checks): Promise<void>;
  readonly driftGaps: readonly DriftGap[];
  readonly leftovers: readonly Leftover[];
}

/** The emulator expectations of a registry stack, from `test/stacks/<stack>.emulator.ts`. */
export function stackOnEmulator(stack: string): StackOnEmulator {
  const file = join(__dirname, '..', 'stacks', `${stack}.emulator.ts`);
  let module: { onEmulator?: StackOnEmulator };
  try {
    module = require(file);
  } catch (error) {
    throw new Error(`stack "${stack}" deploys on the emulator but ${file} cannot be loaded (${(error as Error).message}); write its expectations there`);
  }
  if (!module.onEmulator) throw new Error(`${file} must export onEmulator: StackOnEmulator`);
  return module.onEmulator;
}
