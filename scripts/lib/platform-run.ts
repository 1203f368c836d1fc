import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import { S3Client } from '@aws-sdk/client-s3';
import { loadConfig, type PlatformConfig } from '../../config';
import { assertDatabaseReachable } from './database-reachability';
import { assertEmulatorAnswers, awsClientSettings } from './emulator';
import { omitForEmulator } from './emulator-omissions';
import { SynthesizedApp } from './stack-manifest';
import { selectStacks, type StackSelection } from './stack-selection';
import { prepareStackTeardown } from './stack-teardown';
import { assertStateMatchesEmulator } from './stale-state';
import { CDKTF_CLI, PROJECT_ROOT, runTool } from './tools';

export type PlatformAction = 'deploy' | 'destroy' | 'diff';

export interface PlatformRunOptions {
  /** Stack names; empty for every stack. @default [] */
  readonly stacks?: readonly string[];
  /** Where to synthesize, relative to the project root or absolute. @default CDKTF_OUTDIR, else "cdktf.out" */
  readonly outdir?: string;
  /** destroy only: empty every bucket and image repository of each stack first (data is deleted). @default false */
  readonly purgeData?: boolean;
  /**
   * destroy only: run in prod too. Only scripts/cleanup.sh sets it (`--prod-approved-by-cleanup`),
   * after its own guard: an explicit `--env prod --yes`. @default false
   */
  readonly prodApprovedByCleanup?: boolean;
}

/** What a command did, stack by stack, in the order it ran. */
export interface PlatformRun {
  readonly app: SynthesizedApp;
  readonly stacks: readonly { readonly name: string; readonly seconds: number }[];
}

/**
 * What a stack needs before Terraform runs it, checked right before its turn (after the stacks it
 * reads were deployed in the same run): postgres-bootstrap's provider must reach the database.
 */
const STACK_PREFLIGHTS: Readonly<Record<string, (config: PlatformConfig) => Promise<void>>> = { 'postgres-bootstrap': assertDatabaseReachable };

const PAST: Readonly<Record<PlatformAction, string>> = { deploy: 'deployed', destroy: 'destroyed', diff: 'diffed' };

/** deploy and destroy approve every plan unseen, which production must never allow; diff only reads. */
export class ProdRefusedError extends Error {
  constructor(action: Exclude<PlatformAction, 'diff'>) {
    super(
      `npm run ${action} refuses PLATFORM_ENV=prod: it approves plans without showing them. Review and run \`npx cdktf ${action} <stack>\` yourself, ${action === 'deploy' ? 'in' : 'in reverse'} dependency order${action === 'destroy' ? ', or tear prod down with scripts/cleanup.sh --env prod --yes' : ''}. Nothing was ${PAST[action]}.`,
    );
    this.name = 'ProdRefusedError';
  }
}

export class StackFailedError extends Error {
  constructor(action: PlatformAction, stack: string, notReached: readonly string[], cause: Error) {
    super(
      `${action} of stack "${stack}" failed: ${cause.message}` +
        (notReached.length > 0 ? `\nNot ${PAST[action]}: ${notReached.join(', ')}.` : '') +
        `\nFix the error above and run npm run ${action} again; stacks already ${PAST[action]} are left as they are.`,
    );
    this.name = 'StackFailedError';
  }
}

/**
 * Runs `cdktf <action>` for the selected stacks of PLATFORM_ENV (default dev): deploy and diff
 * each after the stacks it reads (manifest.json's dependencies), destroy in reverse. Against
 * the emulator the endpoint is probed and local state checked first, and only
 * emulator-deployable stacks run. Before a stack is destroyed, its access-log buckets (and with
 * purgeData every bucket and image repository) are emptied (stack-teardown.ts); a stack whose
 * state is empty is reported as already gone. deploy and destroy never run in prod, except a
 * destroy that scripts/cleanup.sh approved.
 */
export async function runPlatform(action: PlatformAction, options: PlatformRunOptions = {}): Promise<PlatformRun> {
  const config = loadConfig();
  assertActionAllowed(action, config, options);
  const selection = selectStacks(options.stacks ?? [], config);
  if (config.awsEndpoint) await assertEmulatorAnswers(config.awsEndpoint);
  if (config.awsEndpoint && action === 'deploy') await assertStateMatchesEmulator(config, selection.run.map((stack) => stack.id));
  const app = await synthesize(config, options.outdir);
  const inOrder = app.deployOrder(selection.run.map((stack) => stack.id));
  const order = action === 'destroy' ? inOrder.reverse() : inOrder;
  announce(action, config, order, selection);
  if (config.awsEndpoint) leaveOutWhatTheEmulatorLacks(app, selection);
  const preflight = (stack: string) => STACK_PREFLIGHTS[stack]?.(config);
  if (action !== 'destroy') {
    return {
      app,
      stacks: await forEachStack(order, action, async (stack) => {
        await preflight(stack);
        await cdktf(app, action, stack);
        return undefined;
      }),
    };
  }
  const clients = { s3: new S3Client(awsClientSettings(config)), ecr: new ECRClient(awsClientSettings(config)) };
  try {
    const stacks = await forEachStack(order, action, async (stack): Promise<string | undefined> => {
      const teardown = await prepareStackTeardown(app.stackDirectory(stack), clients, options.purgeData ?? false);
      if (teardown.managedResources === 0) return 'already gone (its state holds no resources)';
      await preflight(stack);
      if (teardown.emptiedBuckets.length > 0) console.log(`      stopped log delivery and emptied ${teardown.emptiedBuckets.join(', ')} (every version)`);
      if (teardown.emptiedRepositories.length > 0) console.log(`      deleted every image in ${teardown.emptiedRepositories.join(', ')}`);
      await cdktf(app, action, stack);
      return undefined;
    });
    return { app, stacks };
  } finally {
    clients.s3.destroy();
    clients.ecr.destroy();
  }
}

/**
 * deploy and destroy never run in prod, except a destroy that scripts/cleanup.sh approved; the
 * options that delete data or skip the prod guard belong to destroy alone.
 */
export function assertActionAllowed(action: PlatformAction, config: PlatformConfig, options: PlatformRunOptions): void {
  if (action !== 'destroy' && (options.purgeData || options.prodApprovedByCleanup)) {
    throw new Error(`${action} takes neither purgeData nor prodApprovedByCleanup: they belong to destroy`);
  }
  if (config.environment !== 'prod' || action === 'diff') return;
  if (action === 'destroy' && options.prodApprovedByCleanup) return;
  throw new ProdRefusedError(action);
}

async function synthesize(config: PlatformConfig, outdirOption: string | undefined): Promise<SynthesizedApp> {
  const outdir = resolve(PROJECT_ROOT, outdirOption ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  // The app creates the output folder but not its parents.
  mkdirSync(dirname(outdir), { recursive: true });
  console.log(`Synthesizing environment "${config.environment}" into ${outdir}`);
  await runTool(CDKTF_CLI, ['synth', '--output', outdir]);
  return new SynthesizedApp(outdir);
}

function announce(action: PlatformAction, config: PlatformConfig, order: readonly string[], selection: StackSelection): void {
  const target = config.awsEndpoint ? `the emulator at ${config.awsEndpoint}` : `AWS ${config.region}`;
  const verb = { deploy: 'Deploying', destroy: 'Destroying', diff: 'Diffing' }[action];
  console.log(`${verb} ${order.length} stack${order.length === 1 ? '' : 's'} of "${config.environment}" on ${target}: ${order.join(' -> ') || 'none'}`);
  for (const { stack, reason } of selection.skipped) console.log(`  skipping ${stack.id}: ${reason}`);
}

/** Strips, from this run's synthesized copy only, the resource types the emulator has no API for, and says which. */
function leaveOutWhatTheEmulatorLacks(app: SynthesizedApp, selection: StackSelection): void {
  for (const stack of selection.run) {
    if (!stack.emulator.deploys) continue;
    for (const omitted of omitForEmulator(app, stack.id, stack.emulator.omits ?? [])) {
      console.log(`  ${stack.id}: not deployed on the emulator: ${omitted.count} ${omitted.resourceType} (${omitted.reason}); real AWS gets them`);
    }
  }
}

/** Runs `run` for each stack with progress; `run` may return what it found instead of doing the action (e.g. "already gone"). */
async function forEachStack(order: readonly string[], action: PlatformAction, run: (stack: string) => Promise<string | undefined>): Promise<{ name: string; seconds: number }[]> {
  const done: { name: string; seconds: number }[] = [];
  for (const [index, stack] of order.entries()) {
    const step = `[${index + 1}/${order.length}] ${stack}`;
    console.log(`${step}: ${action}`);
    const started = Date.now();
    let found: string | undefined;
    try {
      found = await run(stack);
    } catch (error) {
      throw new StackFailedError(action, stack, order.slice(index + 1), error as Error);
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`${step}: ${found ?? PAST[action]} in ${seconds.toFixed(1)} s`);
    done.push({ name: stack, seconds });
  }
  return done;
}

/**
 * One stack through the cdktf CLI, on the folder just synthesized. Dependencies are already
 * handled by the order; `--skip-provider-lock` because `terraform providers lock` asks the
 * registry even when the provider comes from a mirror.
 */
async function cdktf(app: SynthesizedApp, action: PlatformAction, stack: string): Promise<void> {
  const approve = action === 'diff' ? [] : ['--auto-approve', '--ignore-missing-stack-dependencies'];
  await runTool(CDKTF_CLI, [action, stack, ...approve, '--skip-synth', '--skip-provider-lock', '--output', app.outdir]);
}
