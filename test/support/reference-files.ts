import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `../shared/reference/` beside the repository: pinned chart values and provider schemas, never copied in. */
export const REFERENCE_DIR = join(__dirname, '..', '..', '..', 'shared', 'reference');

/** The path of a reference file, or undefined when this machine lacks it. */
export function referenceFile(name: string): string | undefined {
  const path = join(REFERENCE_DIR, name);
  return existsSync(path) ? path : undefined;
}

/**
 * Registers checks that read a reference file: run them, or one skipped test named after what
 * was not checked and why, so the run's summary says so.
 */
export function withReferenceFile(name: string, what: string, define: (path: string) => void): void {
  const path = referenceFile(name);
  if (!path) {
    it.skip(`SKIPPED, not checked: ${what} (../shared/reference/${name} is not on this machine)`, () => undefined);
    return;
  }
  define(path);
}
