import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { loadConfig, type PlatformConfig } from '../../config';
import { emptyAccessLogBuckets } from './access-log-teardown';
import { assertEmulatorAnswers, awsClientSettings } from './emulator';
import { SynthesizedApp } from './stack-manifest';
import { CDKTF_CLI, PROJECT_ROOT, runTool } from './tools';

export interface PlatformRunOptions {
  /** Where to synthesize, relative to the project root or absolute. @default "cdktf.out" */
  readonly outdir?: string;
}

/** What a deploy or destroy did, stack by stack, in the order it ran. */
export interface PlatformRun {
  readonly app: SynthesizedApp;
  readonly stacks: readonly { readonly name: string; readonly seconds: number }[];
}

/** These commands approve every plan unseen, which production must never allow. */
export class ProdRefusedError extends Error {
  constructor(action: 'deploy' | 'destroy') {
    super(
      `npm run ${action} refuses PLATFORM_ENV=prod: it approves plans without showing them. Review and run \`npx cdktf ${action} <stack>\` yourself, ${action === 'deploy' ? 'in' : 'in reverse'} dependency order. Nothing was ${action === 'deploy' ? 'deployed' : 'destroyed'}.`,
    );
    this.name = 'ProdRefusedError';
  }
}

export class StackFailedError extends Error {
  constructor(action: 'deploy' | 'destroy', stack: string, notReached: readonly string[], cause: Error) {
    super(
      `${action} of stack "${stack}" failed: ${cause.message}` +
        (notReached.length > 0 ? `\nNot ${action}ed: ${notReached.join(', ')}.` : '') +
        `\nFix the error above and run npm run ${action} again; stacks already ${action}ed are left as they are.`,
    );
    this.name = 'StackFailedError';
  }
}

/**
 * Deploys every AWS-only stack with `cdktf deploy`, each after the stacks it reads
 * (manifest.json's dependencies). In the emulator environment the endpoint is probed first.
 * Never prod (see ProdRefusedError).
 */
export async function deployPlatform(options: PlatformRunOptions = {}): Promise<PlatformRun> {
  const { config, app } = await prepare(options, 'deploy');
  const order = app.awsOnlyDeployOrder();
  announce('Deploying', config, app, order);
  const stacks = await forEachStack(order, 'deploy', (stack) => cdktf(app, 'deploy', stack));
  return { app, stacks };
}

/**
 * Destroys every AWS-only stack in reverse deploy order. Before a stack goes, the access-log
 * buckets it owns are emptied (see access-log-teardown.ts). A second run finds nothing to do.
 * Never prod (see ProdRefusedError).
 */
export async function destroyPlatform(options: PlatformRunOptions = {}): Promise<PlatformRun> {
  const { config, app } = await prepare(options, 'destroy');
  const order = app.awsOnlyDeployOrder().reverse();
  announce('Destroying', config, app, order);
  const s3 = new S3Client(awsClientSettings(config));
  try {
    const stacks = await forEachStack(order, 'destroy', async (stack) => {
      const emptied = await emptyAccessLogBuckets(app.stackDirectory(stack), s3);
      if (emptied.length > 0) console.log(`      stopped log delivery into ${emptied.join(', ')} and emptied it`);
      await cdktf(app, 'destroy', stack);
    });
    return { app, stacks };
  } finally {
    s3.destroy();
  }
}

async function prepare(options: PlatformRunOptions, action: 'deploy' | 'destroy') {
  const config = loadConfig();
  if (config.environment === 'prod') throw new ProdRefusedError(action);
  if (config.awsEndpoint) await assertEmulatorAnswers(config.awsEndpoint);
  const outdir = resolve(PROJECT_ROOT, options.outdir ?? 'cdktf.out');
  // The app creates the output folder but not its parents.
  mkdirSync(dirname(outdir), { recursive: true });
  console.log(`Synthesizing environment "${config.environment}" into ${outdir}`);
  await runTool(CDKTF_CLI, ['synth', '--output', outdir]);
  return { config, app: new SynthesizedApp(outdir) };
}

function announce(verb: string, config: PlatformConfig, app: SynthesizedApp, order: readonly string[]): void {
  const target = config.awsEndpoint ? `the emulator at ${config.awsEndpoint}` : `AWS ${config.region}`;
  console.log(`${verb} ${order.length} AWS-only stack${order.length === 1 ? '' : 's'} of "${config.environment}" on ${target}: ${order.join(' -> ')}`);
  const others = [...app.stacks.keys()].filter((stack) => !order.includes(stack));
  for (const stack of others) console.log(`  skipping ${stack}: it needs ${app.providers(stack).join(', ')}, not only AWS (cdktf deploy ${stack})`);
}

async function forEachStack(
  order: readonly string[],
  action: 'deploy' | 'destroy',
  run: (stack: string) => Promise<void>,
): Promise<{ name: string; seconds: number }[]> {
  const done: { name: string; seconds: number }[] = [];
  for (const [index, stack] of order.entries()) {
    const step = `[${index + 1}/${order.length}] ${stack}`;
    console.log(`${step}: ${action === 'deploy' ? 'deploying' : 'destroying'}`);
    const started = Date.now();
    try {
      await run(stack);
    } catch (error) {
      throw new StackFailedError(action, stack, order.slice(index + 1), error as Error);
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`${step}: ${action}ed in ${seconds.toFixed(1)} s`);
    done.push({ name: stack, seconds });
  }
  return done;
}

/**
 * One stack through the cdktf CLI, on the folder just synthesized. Dependencies are already
 * handled by the order; `--skip-provider-lock` because `terraform providers lock` asks the
 * registry even when the provider comes from a mirror.
 */
async function cdktf(app: SynthesizedApp, action: 'deploy' | 'destroy', stack: string): Promise<void> {
  await runTool(CDKTF_CLI, [
    action,
    stack,
    '--auto-approve',
    '--skip-synth',
    '--skip-provider-lock',
    '--ignore-missing-stack-dependencies',
    '--output',
    app.outdir,
  ]);
}
