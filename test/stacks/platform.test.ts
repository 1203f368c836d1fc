import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { isAwsOnly, type StackDefinition } from '../../stacks/stack-definition';
import { synthPlatform, type SynthesizedPlatform } from '../support/synth';

const STACKS = Object.values(PLATFORM_STACKS) as StackDefinition[];
const IDS = STACKS.map((stack) => stack.id);
const AWS_STACKS = STACKS.filter((stack) => stack.providers.includes('aws')).map((stack) => stack.id);

/** Exact provider versions, from the bindings' own metadata. */
const PINNED = { aws: '5.100.0', helm: '3.1.1', kubernetes: '2.38.0', postgresql: '1.26.0', snowflake: '2.11.0', http: '3.5.0', airbyte: '1.2.0' } as const;

let dev: SynthesizedPlatform;
let prod: SynthesizedPlatform;

beforeAll(() => {
  dev = synthPlatform({ env: 'dev' });
  prod = synthPlatform({ env: 'prod' });
});

describe('the stack registry', () => {
  it('is what the app synthesizes: every registered stack, and nothing else', () => {
    expect(Object.keys(dev.manifest.stacks).sort()).toEqual([...IDS].sort());
  });

  it.each(IDS)('%s uses exactly the providers the registry declares, each pinned', (id) => {
    const declared = PLATFORM_STACKS[id as keyof typeof PLATFORM_STACKS].providers;
    const required = dev.stack(id).json.terraform.required_providers as Record<string, { version: string }>;
    expect(Object.keys(required).sort()).toEqual([...declared].sort());
    for (const [family, provider] of Object.entries(required)) expect(provider.version).toBe(PINNED[family as keyof typeof PINNED]);
  });

  it('deploys on the emulator only stacks that need nothing but AWS, and says why the others do not', () => {
    for (const stack of STACKS) {
      if (stack.emulator.deploys) expect({ id: stack.id, awsOnly: isAwsOnly(stack) }).toEqual({ id: stack.id, awsOnly: true });
      else expect(stack.emulator.reason.length).toBeGreaterThan(20);
    }
  });

  it('describes every stack', () => {
    for (const stack of STACKS) expect(stack.description.length).toBeGreaterThan(20);
  });
});

describe('every stack', () => {
  it.each(AWS_STACKS)('%s: configures the AWS provider with the region and the platform tags', (name) => {
    expect(dev.stack(name).json.provider.aws).toEqual([
      {
        region: 'us-east-1',
        default_tags: [{ tags: { CostCenter: 'data-platform', Owner: 'data-platform-team', Project: 'data-platform', Environment: 'dev', ManagedBy: 'cdktf' } }],
      },
    ]);
  });

  it.each(IDS)('%s: refuses a Terraform older than the ephemeral blocks and write-only attributes it uses', (name) => {
    expect((dev.stack(name).json.terraform as { required_version?: string }).required_version).toBe('>= 1.11.0');
  });

  it.each(IDS)('%s: keeps state in a project-relative local file in dev', (name) => {
    expect(dev.stack(name).json.terraform.backend).toEqual({ local: { path: `../../../terraform-state/${name}.tfstate` } });
  });

  it.each(IDS)('%s: keeps state in S3 with encryption and native locking in prod', (name) => {
    expect(prod.stack(name).json.terraform.backend).toEqual({
      s3: { bucket: 'dp-prod-terraform-state', key: `data-platform/prod/${name}.tfstate`, region: 'us-east-1', encrypt: true, use_lockfile: true },
    });
  });

  it.each(IDS)('%s: reads other stacks only through the same state backend', (name) => {
    for (const [platform, backend] of [
      [dev, 'local'],
      [prod, 's3'],
    ] as const) {
      for (const remote of Object.values(platform.stack(name).json.data?.terraform_remote_state ?? {})) expect(remote.backend).toBe(backend);
    }
  });

  it.each(IDS)('%s: holds no secret, key, account id or machine path', (name) => {
    for (const platform of [dev, prod]) {
      const { text } = platform.stack(name);
      expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(text).not.toMatch(/\b(AKIA|ASIA)[0-9A-Z]{16}\b/);
      // Such attributes may only hold references (ephemeral blocks, write-only attributes), never a literal.
      expect(text).not.toMatch(/"(password|secret_string|secret_binary|access_key|secret_key|token|private_key|client_secret)"\s*:\s*"(?!\$\{)/);
      // Content hashes (asset paths, DAG file digests) are long hex runs that may hold 12 digits in a row by chance.
      expect(text.replace(/[0-9A-Fa-f]{32,}/g, '<hash>')).not.toMatch(/(?<![0-9])[0-9]{12}(?![0-9])/);
      expect(text).not.toMatch(/\/(home|root|Users|work|tmp)\//);
    }
  });
});

describe('npm run synth', () => {
  it('writes nothing and names the bad setting and the fix when the configuration is invalid', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-bad-config-')), 'cdktf.out');
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'main.ts'], {
        cwd: join(__dirname, '..', '..'),
        env: { ...process.env, PLATFORM_ENV: 'staging', CDKTF_OUTDIR: outdir },
        stdio: 'pipe',
      });
    } catch (error) {
      const failed = error as { status: number; stderr: Buffer };
      status = failed.status;
      stderr = failed.stderr.toString();
    }
    expect(status).toBe(1);
    expect(stderr).toContain('PLATFORM_ENV: "staging" is not a known environment; use one of dev, prod');
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
  });
});
