import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

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

/** Jest global teardown: fails the run when a test file's root was left behind, i.e. something escaped the cleanup. */
export function assertTempRootsRemoved(): void {
  const left = readdirSync(tmpdir()).filter((entry) => entry.startsWith(testTempPrefix()));
  if (left.length > 0) throw new Error(`tests left ${left.length} temporary folder(s) behind in ${tmpdir()}: ${left.join(', ')}`);
}
