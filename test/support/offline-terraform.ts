import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { configuredProviderMirror, PROVIDER_MIRROR_ENV, writeMirrorCliConfig } from '../../scripts/lib/provider-mirror';
import { SynthesizedApp } from '../../scripts/lib/stack-manifest';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { isAwsOnly, type StackDefinition } from '../../stacks/stack-definition';

const run = promisify(execFile);

/** Provider settings for planning without an AWS account. They go into an override file, never into the product. */
const OFFLINE_AWS_PROVIDER = {
  access_key: 'offline-plan',
  secret_key: 'offline-plan',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: 'true',
  skip_region_validation: true,
};

/** Cross-stack references read `data.terraform_remote_state.cross-stack-reference-input-<upstream stack>`. */
const REMOTE_STATE_PREFIX = 'cross-stack-reference-input-';

export interface CommandResult {
  readonly exitCode: number;
  readonly output: string;
}

export interface OfflineStackCheck {
  readonly stack: string;
  readonly init: CommandResult;
  readonly validate: CommandResult;
  /** `plan -detailed-exitcode`: 2 means a valid plan with changes, which a fresh stack always has. */
  readonly plan: CommandResult;
}

/** Why offline checks cannot run here, or undefined when they can. */
export function offlineTerraformUnavailable(): string | undefined {
  try {
    execFileSync('terraform', ['version'], { stdio: 'pipe' });
  } catch {
    return 'terraform is not on PATH';
  }
  if (!configuredProviderMirror()) return `${PROVIDER_MIRROR_ENV} is not set (CI sets it when the image has the AWS provider mirror)`;
  return undefined;
}

/** The registry's stacks whose only provider is AWS, in deploy order: those can be planned against the mirror. */
export function awsOnlyStacks(outdir: string): string[] {
  const awsOnly = (Object.values(PLATFORM_STACKS) as StackDefinition[]).filter(isAwsOnly).map((stack) => stack.id);
  return new SynthesizedApp(outdir).deployOrder(awsOnly);
}

/**
 * Copies a synthesized stack into `workRoot/<stack>`, adds an override with offline
 * credentials, a local backend, placeholder state for every upstream stack it reads and
 * the stand-in for the one API call a plan makes (offline-secrets-manager.ts), then runs
 * `terraform init`, `validate` and `plan` against the provider mirror.
 */
export async function checkStackOffline(outdir: string, stack: string, workRoot: string, secretsManagerEndpoint: string): Promise<OfflineStackCheck> {
  const workDir = join(workRoot, stack);
  mkdirSync(workDir, { recursive: true });
  copyFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), join(workDir, 'cdk.tf.json'));

  const remoteStates = Object.keys(readStack(outdir, stack).data?.terraform_remote_state ?? {});
  const remoteStateOverrides: Record<string, unknown> = {};
  for (const name of remoteStates) {
    if (!name.startsWith(REMOTE_STATE_PREFIX)) throw new Error(`${stack}: remote state "${name}" does not name an upstream stack`);
    const upstream = name.slice(REMOTE_STATE_PREFIX.length);
    const stateFile = join(workDir, `placeholder-${upstream}.tfstate`);
    writeFileSync(stateFile, JSON.stringify(placeholderState(readStack(outdir, upstream).output ?? {})));
    remoteStateOverrides[name] = { backend: 'local', config: { path: stateFile } };
  }

  writeFileSync(
    join(workDir, 'override.tf.json'),
    JSON.stringify({
      terraform: { backend: { local: { path: join(workDir, 'terraform.tfstate') } } },
      provider: { aws: { ...OFFLINE_AWS_PROVIDER, endpoints: [{ secretsmanager: secretsManagerEndpoint }] } },
      ...(remoteStates.length > 0 ? { data: { terraform_remote_state: remoteStateOverrides } } : {}),
    }),
  );

  const env = {
    ...process.env,
    // One file per stack: the stacks run side by side, and rewriting a shared file while another terraform reads it fails that init.
    TF_CLI_CONFIG_FILE: writeMirrorCliConfig(workDir, configuredProviderMirror()!),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
  const terraform = async (...args: string[]): Promise<CommandResult> => {
    try {
      const { stdout, stderr } = await run('terraform', [...args, '-no-color'], { cwd: workDir, env, maxBuffer: 64 * 1024 * 1024 });
      return { exitCode: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { exitCode: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  };

  const init = await terraform('init', '-input=false');
  const validate = init.exitCode === 0 ? await terraform('validate') : { exitCode: -1, output: 'skipped: init failed' };
  const plan =
    validate.exitCode === 0 ? await terraform('plan', '-input=false', '-lock=false', '-detailed-exitcode') : { exitCode: -1, output: 'skipped: validate failed' };
  return { stack, init, validate, plan };
}

interface StackJson {
  data?: { terraform_remote_state?: Record<string, unknown> };
  output?: Record<string, { value: unknown }>;
}

function readStack(outdir: string, stack: string): StackJson {
  return JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/** A state file holding a value of the right shape for every output the upstream stack declares. */
function placeholderState(outputs: Record<string, { value: unknown }>): object {
  const placeholder = (name: string) => (/arn/i.test(name) ? `arn:aws:kms:us-east-1:000000000000:key/placeholder-${name.length}` : `placeholder-${name.length}`);
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: 'offline-placeholder',
    outputs: Object.fromEntries(
      Object.entries(outputs).map(([name, output]) =>
        Array.isArray(output.value)
          ? [name, { value: output.value.map(() => placeholder(name)), type: ['list', 'string'] }]
          : [name, { value: placeholder(name), type: 'string' }],
      ),
    ),
    resources: [],
  };
}
