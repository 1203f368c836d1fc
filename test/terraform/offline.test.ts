import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsOnlyStacks, checkStackOffline, offlineTerraformUnavailable, type OfflineStackCheck } from '../support/offline-terraform';
import { synthPlatform } from '../support/synth';

const unavailable = offlineTerraformUnavailable();
if (unavailable) {
  // Said plainly in the output: these checks did not run, so they prove nothing here.
  console.warn(`Offline Terraform checks SKIPPED: ${unavailable}. Nothing was validated or planned.`);
}
const describeOffline = unavailable ? describe.skip : describe;

describeOffline('offline terraform validate and plan (dev)', () => {
  let stacks: string[];
  const checks = new Map<string, OfflineStackCheck>();

  beforeAll(async () => {
    const platform = synthPlatform({ env: 'dev' });
    stacks = awsOnlyStacks(platform.outdir);
    const workRoot = mkdtempSync(join(tmpdir(), 'offline-terraform-'));
    // Terraform runs are I/O- and subprocess-bound; running the stacks side by side halves the wall time.
    for (const check of await Promise.all(stacks.map((stack) => checkStackOffline(platform.outdir, stack, workRoot)))) {
      checks.set(check.stack, check);
    }
  }, 300_000);

  it('finds every foundation stack to be AWS-only', () => {
    expect(stacks).toEqual(expect.arrayContaining(['network', 'storage', 'secrets']));
  });

  it.each(['network', 'storage', 'secrets'])('%s initialises against the mirror and validates', (stack) => {
    const check = checks.get(stack)!;
    expect(check.init).toMatchObject({ exitCode: 0 });
    expect(check.init.output).toContain('hashicorp/aws v5.100.0');
    expect(check.validate).toEqual({ exitCode: 0, output: expect.stringContaining('The configuration is valid') });
  });

  it.each(['network', 'storage', 'secrets'])('%s plans offline with only creations', (stack) => {
    const { plan } = checks.get(stack)!;
    if (plan.exitCode !== 2) throw new Error(`terraform plan of ${stack} exited ${plan.exitCode}:\n${plan.output}`);
    expect(plan.output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  });
});
