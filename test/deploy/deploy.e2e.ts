/**
 * Deploy test against moto (`npm run test:deploy`, not part of `npm test`): starts moto_server
 * on a free loopback port, deploys every stack the registry marks emulator-deployable through
 * the code path of `npm run deploy` with PLATFORM_ENV=local, checks what exists against the
 * configuration (each stack's test/stacks/<stack>.emulator.ts), re-plans every stack expecting
 * no changes but the listed emulator gaps, then tears down with scripts/cleanup.sh for real:
 * first without --purge-data (the stacks owning data, and the data, must stay), then with it
 * (nothing of ours may remain), then once more (everything already gone). Prints the seconds
 * of each phase; always stops the emulator it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadConfig, type PlatformConfig } from '../../config';
import { EMULATOR_ENVIRONMENT } from '../../config/schema';
import { awsClientSettings } from '../../scripts/lib/emulator';
import { runPlatform } from '../../scripts/lib/platform-run';
import type { SynthesizedApp } from '../../scripts/lib/stack-manifest';
import { planTeardown } from '../../scripts/lib/teardown-plan';
import { selectStacks } from '../../scripts/lib/stack-selection';
import { captureTool, captureToolResult, PROJECT_ROOT } from '../../scripts/lib/tools';
import { PLATFORM_STACKS } from '../../stacks/platform';
import type { StackDefinition } from '../../stacks/stack-definition';
import { Checks, stackOnEmulator, type StackOnEmulator, type StackOutputs } from './emulator-stack';
import { describeItem, takeInventory, type AwsClients, type Inventory, type InventoryItem } from './inventory';
import { MotoServer, motoUnavailable } from './moto';

/** State lives on the emulator, so this run exercises the S3 backend with S3-native locking. */
const STATE_BUCKET = 'dp-local-terraform-state';
const STATE_KEY_PREFIX = 'data-platform/local';

/** Every stack the registry deploys on the emulator, with its expectations. */
const EMULATED: ReadonlyMap<string, StackOnEmulator> = new Map(
  (Object.values(PLATFORM_STACKS) as StackDefinition[]).filter((stack) => stack.emulator.deploys).map((stack) => [stack.id, stackOnEmulator(stack.id)]),
);
const KINDS = [...EMULATED.values()].flatMap((stack) => stack.creates);

const phases: { name: string; seconds: number }[] = [];

async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  try {
    return await run();
  } finally {
    phases.push({ name, seconds: (Date.now() - started) / 1000 });
    console.log(`=== ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

function printPhases(): void {
  console.log('\nSeconds per phase:');
  for (const { name, seconds } of phases) console.log(`  ${name.padEnd(28)} ${seconds.toFixed(1).padStart(7)}`);
  console.log(`  ${'total'.padEnd(28)} ${phases.reduce((sum, p) => sum + p.seconds, 0).toFixed(1).padStart(7)}`);
}

function unavailable(): string | undefined {
  const moto = motoUnavailable();
  if (moto) return moto;
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).error) return 'terraform is not on PATH';
  if (spawnSync('aws', ['--version'], { stdio: 'ignore' }).error) return 'the AWS CLI (aws), which scripts/cleanup.sh uses, is not on PATH (pip install awscli)';
  return undefined;
}

async function main(): Promise<void> {
  const reason = unavailable();
  if (reason) {
    console.log(`SKIPPED, NOT PASSED: the deploy test needs moto_server, terraform and the AWS CLI; ${reason}. Nothing was deployed.`);
    return;
  }

  const workDirectory = mkdtempSync(join(tmpdir(), 'platform-deploy-test-'));
  let moto: MotoServer | undefined;
  const stopNow = () => moto?.kill('SIGTERM');
  process.on('exit', stopNow);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.on(signal, () => {
      stopNow();
      console.error(`\n${signal}: stopped the emulator this test started; work files are in ${workDirectory}`);
      process.exit(code);
    });
  }

  let passed = false;
  try {
    moto = await phase('start emulator', () => MotoServer.start(join(workDirectory, 'moto.log')));
    console.log(`moto_server at ${moto.endpoint} (log: ${join(workDirectory, 'moto.log')})`);
    Object.assign(process.env, {
      PLATFORM_ENV: EMULATOR_ENVIRONMENT,
      PLATFORM_AWS_ENDPOINT: moto.endpoint,
      PLATFORM_LOCAL_STATE_BUCKET: STATE_BUCKET,
    });
    const config = loadConfig();
    const aws = clientsFor(config);
    await createStateBucket(aws.s3);
    const baseline = await takeInventory(aws, KINDS);
    const outdir = join(workDirectory, 'cdktf.out');

    const deployed = await phase('deploy', () => runPlatform('deploy', { outdir }));
    const order = deployed.stacks.map((stack) => stack.name);
    const platform = await phase('check deployed resources', async () => {
      const outputs: Record<string, Record<string, unknown>> = {};
      for (const stack of order) outputs[stack] = await stackOutputs(deployed.app, stack);
      const checks = new Checks();
      await checkStateObjects(aws.s3, order, checks);
      const deployedPlatform = { config, outputs: outputs as StackOutputs, aws, stateFiles: () => stateFiles(aws.s3) };
      for (const stack of order) await EMULATED.get(stack)!.check(deployedPlatform, checks);
      report(checks, 'deployed resources');
      return deployedPlatform;
    });
    await phase('re-plan (expect no changes)', () => replanWithoutChanges(deployed.app, order, workDirectory));

    const cleanup = (...flags: string[]) => runCleanup(outdir, flags);
    const teardown = planTeardown(deployed.app, config, selectStacks([], config), false);
    const kept = teardown.keep.map((k) => k.stack);
    if (kept.length === 0) throw new Error('no emulator-deployable stack owns data, so the run cannot show that cleanup keeps data by default');
    const seeded = await phase('seed the data buckets', () => seedVersions(aws.s3, deployed.app, kept));
    await phase('cleanup keeps the data', async () => {
      const output = await cleanup();
      if (!output.includes(`No cluster ${teardown.cluster}: Kubernetes steps skipped.`)) throw new Error('cleanup did not report that there is no cluster');
      for (const stack of order) {
        const resources = await stateResources(deployed.app, stack);
        if (kept.includes(stack) !== resources.length > 0) throw new Error(`after cleanup without --purge-data, ${stack} has ${resources.length} resources in state; expected ${kept.includes(stack) ? 'some (it owns data)' : 'none'}`);
      }
      for (const [bucket, versions] of seeded) {
        const found = await objectVersions(aws.s3, bucket);
        if (found !== versions) throw new Error(`s3://${bucket} holds ${found} object versions and delete markers after cleanup without --purge-data; ${versions} were put there`);
      }
      console.log(`kept ${kept.join(', ')} with ${[...seeded.values()].reduce((a, b) => a + b, 0)} object versions and delete markers; destroyed ${teardown.destroy.map((d) => d.stack).join(', ')}`);
    });
    const afterDestroy = await phase('cleanup --purge-data', async () => {
      await cleanup('--purge-data');
      const after = await takeInventory(aws, KINDS);
      checkLeftovers(after.newSince(baseline), after);
      await expectEmptyStates(deployed.app, order);
      const checks = new Checks();
      for (const stack of order) await EMULATED.get(stack)!.checkDestroyed?.(platform, checks);
      report(checks, 'destroyed resources');
      return after;
    });
    await phase('cleanup again (all gone)', async () => {
      const output = await cleanup('--purge-data');
      const missing = order.filter((stack) => !new RegExp(`\\] ${stack}: already gone`).test(output));
      if (missing.length > 0) throw new Error(`the second cleanup did not report ${missing.join(', ')} as already gone`);
      const appeared = (await takeInventory(aws, KINDS)).newSince(afterDestroy);
      if (appeared.length > 0) throw new Error(`the second cleanup left new resources: ${appeared.map(describeItem).join(', ')}`);
      await expectEmptyStates(deployed.app, order);
    });
    passed = true;
  } finally {
    await moto?.stop();
    printPhases();
    if (passed) {
      rmSync(workDirectory, { recursive: true, force: true });
      console.log('\nPASSED: deployed into moto, found every asserted property, re-planned with no changes but the listed emulator gaps; cleanup.sh kept the data, then purged it and tore down to nothing, and a second run found everything gone.');
    } else {
      console.log(`\nFAILED; the emulator was stopped. Synthesized stacks and moto's log are in ${workDirectory}`);
    }
  }
}

function clientsFor(config: PlatformConfig): AwsClients {
  const settings = awsClientSettings(config);
  return {
    ec2: new EC2Client(settings),
    s3: new S3Client(settings),
    kms: new KMSClient(settings),
    secrets: new SecretsManagerClient(settings),
    logs: new CloudWatchLogsClient(settings),
    iam: new IAMClient(settings),
    ecr: new ECRClient(settings),
    eks: new EKSClient(settings),
    rds: new RDSClient(settings),
  };
}

/**
 * The state bucket an operator bootstraps: versioned, encrypted, private. Without the
 * TLS-only policy of scripts/bootstrap-state-bucket.sh: moto applies that Deny to every
 * plain-http request, so Terraform could write neither state nor its lock file.
 */
async function createStateBucket(s3: S3Client): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: STATE_BUCKET }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: STATE_BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: STATE_BUCKET,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: STATE_BUCKET,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    }),
  );
}

async function stackOutputs(app: SynthesizedApp, stack: string): Promise<Record<string, unknown>> {
  const raw = JSON.parse(await captureTool('terraform', ['output', '-json'], { cwd: app.stackDirectory(stack) })) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(raw).map(([name, output]) => [name, output.value]));
}

/** The text of every state object this run wrote. */
async function stateFiles(s3: S3Client): Promise<string[]> {
  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: STATE_BUCKET, Prefix: `${STATE_KEY_PREFIX}/` }))).Contents ?? []).map((o) => o.Key!);
  return Promise.all(keys.map(async (key) => (await s3.send(new GetObjectCommand({ Bucket: STATE_BUCKET, Key: key }))).Body!.transformToString()));
}

async function checkStateObjects(s3: S3Client, stacks: readonly string[], checks: Checks): Promise<void> {
  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: STATE_BUCKET, Prefix: `${STATE_KEY_PREFIX}/` }))).Contents ?? []).map((o) => o.Key);
  checks.equal('state objects in the emulator state bucket', keys.sort(), stacks.map((stack) => `${STATE_KEY_PREFIX}/${stack}.tfstate`).sort());
}

function report(checks: Checks, what: string): void {
  if (checks.failures.length > 0) {
    throw new Error(`${checks.failures.length} of ${checks.failures.length + checks.passed} checks of ${what} failed:\n  - ${checks.failures.join('\n  - ')}`);
  }
  console.log(`${checks.passed} checks of ${what} passed`);
}

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: {
    readonly actions: string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
    /** For a replacement: the attribute paths that forced it. */
    readonly replace_paths?: (string | number)[][];
  };
}

/** `terraform plan -detailed-exitcode` of every stack; changes are allowed only where the stack's emulator gaps name them. */
async function replanWithoutChanges(app: SynthesizedApp, stacks: readonly string[], workDirectory: string): Promise<void> {
  const problems: string[] = [];
  for (const stack of stacks) {
    const { exitCode, changes, seconds } = await replan(app, stack, join(workDirectory, `${stack}.tfplan`));
    console.log(`  ${stack}: plan exit ${exitCode}, ${changes.length} change${changes.length === 1 ? '' : 's'}, ${seconds.toFixed(1)} s`);
    if (exitCode === 2 && changes.length === 0) problems.push(`${stack}: plan exits 2 with only output changes`);
    for (const change of changes) {
      const attributes = changedAttributes(change);
      const gap = EMULATED.get(stack)!.driftGaps.find((g) => g.resourceType === change.type && attributes.every((attribute) => g.attributes.includes(attribute)));
      if (gap) console.log(`  ${stack}: ${change.address} ${change.change.actions.join('+')} (${attributes.join(', ')}) tolerated: ${gap.reason}`);
      else problems.push(`${stack}: ${change.address} would ${change.change.actions.join('+')} (${attributes.join(', ') || 'no attribute named'})`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `re-plan right after deploy wants changes (drift; real AWS would show none unless the product is wrong):\n  - ${problems.join('\n  - ')}\n` +
        "If moto cannot round-trip an attribute, list it with the reason in the stack's driftGaps (test/stacks/<stack>.emulator.ts).",
    );
  }
}

async function replan(app: SynthesizedApp, stack: string, planFile: string) {
  const cwd = app.stackDirectory(stack);
  const started = Date.now();
  const { exitCode } = await captureToolResult('terraform', ['plan', '-detailed-exitcode', '-input=false', '-no-color', `-out=${planFile}`], {
    cwd,
    okExitCodes: [0, 2],
  });
  const plan = JSON.parse(await captureTool('terraform', ['show', '-json', planFile], { cwd })) as { resource_changes?: ResourceChange[] };
  const changes = (plan.resource_changes ?? []).filter((change) => !change.change.actions.every((action) => action === 'no-op' || action === 'read'));
  return { exitCode, changes, seconds: (Date.now() - started) / 1000 };
}

/**
 * The attributes a change is about. For an update: every attribute whose value differs or becomes
 * unknown. For a replacement: the attributes that forced it and those whose new value is known and
 * differs; values the new object only gets anew (ids, ARNs, timestamps) are its consequence, not drift.
 * An empty map or list and null count as the same value.
 */
function changedAttributes(change: ResourceChange): string[] {
  const before = change.change.before ?? {};
  const after = change.change.after ?? {};
  const unknown = change.change.after_unknown ?? {};
  const replacing = change.change.actions.includes('create') && change.change.actions.includes('delete');
  const forcing = (change.change.replace_paths ?? []).map((path) => String(path[0]));
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const differing = [...names].filter((name) => (unknown[name] === true ? !replacing : !sameValue(before[name], after[name])));
  return [...new Set([...forcing, ...differing])].sort();
}

function sameValue(a: unknown, b: unknown): boolean {
  const empty = (value: unknown) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value as object).length === 0);
  return (empty(a) && empty(b)) || JSON.stringify(a) === JSON.stringify(b);
}

/** scripts/cleanup.sh for real, on the emulator this run started; its output is shown as it comes and returned. */
function runCleanup(outdir: string, flags: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(PROJECT_ROOT, 'scripts', 'cleanup.sh'), '--env', EMULATOR_ENVIRONMENT, '--yes', ...flags], {
      cwd: PROJECT_ROOT,
      // The destroy command synthesizes where the deploy did; the sweep needs no long pause between polls here.
      env: { ...process.env, CDKTF_OUTDIR: outdir, CLEANUP_POLL_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => (code === 0 ? resolve(output) : reject(new Error(`scripts/cleanup.sh ${flags.join(' ')} exited ${code ?? signal}`))));
  });
}

/**
 * Puts two versions and a delete marker of one object into every bucket of the stacks that own
 * data, as landing data would be. moto refuses object writes over plain http under the buckets'
 * TLS-only policy, so each policy is lifted for the writes and put back word for word.
 */
async function seedVersions(s3: S3Client, app: SynthesizedApp, stacks: readonly string[]): Promise<Map<string, number>> {
  const seeded = new Map<string, number>();
  for (const stack of stacks) {
    for (const resource of await stateResources(app, stack)) {
      if (resource.type !== 'aws_s3_bucket') continue;
      const bucket = String(resource.values.bucket);
      const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!;
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'seed/batch.json', Body: '{"batch":1}' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'seed/batch.json', Body: '{"batch":2}' }));
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'seed/batch.json' }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
      seeded.set(bucket, await objectVersions(s3, bucket));
    }
  }
  return seeded;
}

/** Object versions plus delete markers (S3 access logs moto writes meanwhile count too, so only the seeded key). */
async function objectVersions(s3: S3Client, bucket: string): Promise<number> {
  const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'seed/' }));
  return (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
}

/** The managed resources in a stack's state (its folder may have been synthesized anew, so it is initialised first). */
async function stateResources(app: SynthesizedApp, stack: string): Promise<{ type: string; values: Record<string, unknown> }[]> {
  const cwd = app.stackDirectory(stack);
  await captureTool('terraform', ['init', '-input=false', '-no-color'], { cwd });
  const state = JSON.parse(await captureTool('terraform', ['show', '-json', '-no-color'], { cwd })) as {
    values?: { root_module?: { resources?: { mode: string; type: string; values: Record<string, unknown> }[] } };
  };
  return (state.values?.root_module?.resources ?? []).filter((resource) => resource.mode === 'managed');
}

function checkLeftovers(leftovers: readonly InventoryItem[], after: Inventory): void {
  const unexplained: string[] = [];
  const known = [...EMULATED.values()].flatMap((stack) => stack.leftovers);
  for (const item of leftovers) {
    const leftover = known.find((candidate) => candidate.kind === item.kind && candidate.matches(item, after));
    if (leftover) console.log(`  left, ${leftover.alsoOnAws ? 'as on AWS' : 'moto gap'}: ${describeItem(item)}: ${leftover.reason}`);
    else unexplained.push(describeItem(item));
  }
  if (unexplained.length > 0) throw new Error(`after destroy, these still exist and were not there before deploy:\n  - ${unexplained.join('\n  - ')}`);
  console.log(`nothing of ours remains (${leftovers.length} expected or emulator-only leftovers listed above)`);
}

async function expectEmptyStates(app: SynthesizedApp, stacks: readonly string[]): Promise<void> {
  for (const stack of stacks) {
    const resources = await stateResources(app, stack);
    if (resources.length > 0) throw new Error(`stack ${stack} still has resources in its state: ${resources.map((r) => r.type).join(', ')}`);
  }
}

main().catch((error: Error) => {
  console.error(`\n${error.message}`);
  process.exitCode = 1;
});
