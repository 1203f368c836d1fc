import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Names this jest run in its temporary roots; set once by the global setup, inherited by the workers. */
const RUN_VARIABLE = 'PLATFORM_TEST_RUN';

/** Prefix of each test file's temporary root (test/setup.ts). */
export function testTempPrefix(): string {
  return `platform-test-${process.env[RUN_VARIABLE] ?? 'unnamed'}-`;
}

/** Jest global setup: names the run, so its teardown checks only its own roots. */
export function nameTestRun(): void {
  process.env[RUN_VARIABLE] = randomBytes(4).toString('hex');
}

/**
 * Jest global teardown: removes this run's temporary roots that a test file could not remove
 * itself (a file that fails to load never runs its afterAll), naming them, so even a failed run
 * leaves the temporary folder as it found it.
 */
export function removeLeftoverTempRoots(): void {
  const left = readdirSync(tmpdir()).filter((entry) => entry.startsWith(testTempPrefix()));
  for (const entry of left) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  if (left.length > 0) console.warn(`removed ${left.length} temporary folder(s) that test files left in ${tmpdir()}: ${left.join(', ')}`);
}
