import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthPlatform, type SynthesizedPlatform } from '../support/synth';

const STACKS = ['network', 'storage', 'secrets'];
let dev: SynthesizedPlatform;
let prod: SynthesizedPlatform;

beforeAll(() => {
  dev = synthPlatform({ env: 'dev' });
  prod = synthPlatform({ env: 'prod' });
});

describe('the platform app', () => {
  it('synthesizes the foundation stacks, secrets after storage', () => {
    expect(Object.keys(dev.manifest.stacks).sort()).toEqual([...STACKS].sort());
    expect(dev.manifest.stacks.secrets.dependencies).toEqual(['storage']);
    expect(dev.manifest.stacks.network.dependencies).toEqual([]);
    expect(dev.manifest.stacks.storage.dependencies).toEqual([]);
  });

  it.each(STACKS)('configures %s with the pinned AWS provider and the platform tags on every resource', (name) => {
    const { json } = dev.stack(name);
    expect(json.terraform.required_providers).toEqual({ aws: { source: 'aws', version: '5.100.0' } });
    expect(json.provider.aws).toEqual([
      {
        region: 'us-east-1',
        default_tags: [
          { tags: { CostCenter: 'data-platform', Owner: 'data-platform-team', Project: 'data-platform', Environment: 'dev', ManagedBy: 'cdktf' } },
        ],
      },
    ]);
  });

  it.each(STACKS)('keeps %s state in a project-relative local file in dev', (name) => {
    expect(dev.stack(name).json.terraform.backend).toEqual({ local: { path: `../../../terraform-state/${name}.tfstate` } });
  });

  it.each(STACKS)('keeps %s state in S3 with encryption and native locking in prod', (name) => {
    expect(prod.stack(name).json.terraform.backend).toEqual({
      s3: { bucket: 'dp-prod-terraform-state', key: `data-platform/prod/${name}.tfstate`, region: 'us-east-1', encrypt: true, use_lockfile: true },
    });
  });

  it('reads cross-stack values in prod from the same S3 state', () => {
    const remote = prod.stack('secrets').json.data!.terraform_remote_state['cross-stack-reference-input-storage'];
    expect(remote).toMatchObject({ backend: 's3', config: { bucket: 'dp-prod-terraform-state', key: 'data-platform/prod/storage.tfstate' } });
  });

  it('runs a NAT gateway in every AZ in prod', () => {
    expect(Object.keys(prod.stack('network').json.resource.aws_nat_gateway)).toHaveLength(3);
  });

  it.each(STACKS)('puts no secret, key, account id or machine path into %s', (name) => {
    for (const platform of [dev, prod]) {
      const { text } = platform.stack(name);
      expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(text).not.toMatch(/\b(AKIA|ASIA)[0-9A-Z]{16}\b/);
      expect(text).not.toMatch(/"(password|secret_string|secret_binary|access_key|secret_key|token)"\s*:/);
      expect(text).not.toMatch(/(?<![0-9])[0-9]{12}(?![0-9])/);
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
