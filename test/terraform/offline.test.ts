import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_STACKS } from '../../stacks/platform';
import { isAwsOnly, type StackDefinition } from '../../stacks/stack-definition';
import { OfflineSecretsManager } from '../support/offline-secrets-manager';
import { awsOnlyStacks, checkStackOffline, offlineTerraformUnavailable, type OfflineStackCheck } from '../support/offline-terraform';
import { synthPlatform } from '../support/synth';

const AWS_ONLY = (Object.values(PLATFORM_STACKS) as StackDefinition[]).filter(isAwsOnly).map((stack) => stack.id);
const unavailable = offlineTerraformUnavailable();
if (unavailable && process.env.PLATFORM_REQUIRE_TOOLS === '1') {
  throw new Error(`offline Terraform checks are required here (PLATFORM_REQUIRE_TOOLS=1) but cannot run: ${unavailable}`);
}

if (unavailable) {
  describe('offline terraform validate and plan', () => {
    // A skipped test, so the run's closing summary lists what was not checked and why.
    it.skip(`SKIPPED, nothing was validated or planned: ${unavailable}`, () => undefined);
  });
} else {
  describe('offline terraform validate and plan (dev)', () => {
    let order: string[];
    let secretsManager: OfflineSecretsManager;
    const checks = new Map<string, OfflineStackCheck>();

    beforeAll(async () => {
      const platform = synthPlatform({ env: 'dev' });
      order = awsOnlyStacks(platform.outdir);
      secretsManager = await OfflineSecretsManager.start();
      const workRoot = mkdtempSync(join(tmpdir(), 'offline-terraform-'));
      // Terraform runs are I/O- and subprocess-bound; running the stacks side by side halves the wall time.
      for (const check of await Promise.all(order.map((stack) => checkStackOffline(platform.outdir, stack, workRoot, secretsManager.endpoint)))) {
        checks.set(check.stack, check);
      }
    }, 300_000);

    afterAll(() => secretsManager?.stop());

    it("checks every stack the registry marks AWS-only, in the manifest's order", () => {
      expect([...order].sort()).toEqual([...AWS_ONLY].sort());
    });

    it.each(AWS_ONLY)('%s initialises against the mirror and validates', (stack) => {
      const check = checks.get(stack)!;
      expect(check.init).toMatchObject({ exitCode: 0 });
      expect(check.init.output).toContain('hashicorp/aws v5.100.0');
      expect(check.validate).toEqual({ exitCode: 0, output: expect.stringContaining('The configuration is valid') });
    });

    it.each(AWS_ONLY)('%s plans offline with only creations', (stack) => {
      const { plan } = checks.get(stack)!;
      if (plan.exitCode !== 2) throw new Error(`terraform plan of ${stack} exited ${plan.exitCode}:\n${plan.output}`);
      expect(plan.output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
    });

    it('calls no AWS API but the random password ephemeral blocks need', () => {
      expect(secretsManager.refused).toEqual([]);
    });
  });
}
