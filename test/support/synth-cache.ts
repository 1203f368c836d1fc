import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { loadConfig } from '../../config';
import { buildPlatform } from '../../stacks/platform';
import { testTempPrefix } from './temp-root';

/**
 * The plain dev and prod apps, synthesized once per jest run by the global setup: most test files
 * read one of them, and synthesizing the whole platform in each cost more than every other test.
 * A test file gets its own copy, so nothing it does to the files reaches another.
 */
const CACHED_ENVIRONMENTS = ['dev', 'prod'] as const;
const CACHE_VARIABLE = 'PLATFORM_TEST_SYNTH_CACHE';

function cacheRoot(): string {
  return join(tmpdir(), `${testTempPrefix()}synth-cache`);
}

/** Jest global setup: synthesizes each cached environment and tells the workers where. */
export function synthesizeCachedApps(): void {
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  for (const env of CACHED_ENVIRONMENTS) {
    const app = Testing.app({ stackTraces: false, outdir: join(root, env) });
    buildPlatform(app, loadConfig({ env }));
    app.synth();
  }
  process.env[CACHE_VARIABLE] = root;
}

/** Jest global teardown. */
export function removeCachedApps(): void {
  rmSync(cacheRoot(), { recursive: true, force: true });
}

/** A fresh copy of the cached app of `env` in this test file's temporary root; undefined when there is none. */
export function copyOfCachedApp(env: string): string | undefined {
  const root = process.env[CACHE_VARIABLE];
  const cached = root && (CACHED_ENVIRONMENTS as readonly string[]).includes(env) ? join(root, env) : undefined;
  if (!cached || !existsSync(cached)) return undefined;
  const outdir = join(mkdtempSync(join(tmpdir(), 'synth-copy-')), 'cdktf.out');
  cpSync(cached, outdir, { recursive: true });
  return outdir;
}
