/**
 * Prints what scripts/cleanup.sh tears down in PLATFORM_ENV (default dev), one fact a line,
 * tab-separated: the environment, region and cluster name, then each stack to destroy in reverse
 * manifest order (with the namespaces it creates and the data it owns), each stack kept and why,
 * and each stack the environment never deploys. Synthesizes in memory; touches nothing.
 * Usage: npx tsx scripts/teardown-plan.ts [--purge-data]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ConfigError, loadConfig } from '../config';
import { buildPlatform } from '../stacks/platform';
import { SynthesizedApp } from './lib/stack-manifest';
import { selectStacks } from './lib/stack-selection';
import { formatTeardownPlan, planTeardown } from './lib/teardown-plan';

function main(argv: readonly string[]): number {
  const unknown = argv.filter((arg) => arg !== '--purge-data');
  if (unknown.length > 0) {
    process.stderr.write(`teardown-plan: unknown argument ${unknown.join(' ')}; the only one is --purge-data\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const outdir = mkdtempSync(join(tmpdir(), 'teardown-plan-'));
  try {
    const app = new App({ outdir });
    buildPlatform(app, config);
    app.synth();
    const plan = planTeardown(new SynthesizedApp(outdir), config, selectStacks([], config), argv.includes('--purge-data'));
    process.stdout.write(formatTeardownPlan(plan));
    return 0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

process.exitCode = main(process.argv.slice(2));
