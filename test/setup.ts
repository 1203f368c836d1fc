import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupJest } from 'cdktf/lib/testing/adapters/jest';
import { testTempPrefix } from './support/temp-root';

// Registers (and types) cdktf's matchers: toHaveResourceWithProperties, toBeValidTerraform, ...
setupJest();

// Every temporary folder a test file makes (cdktf's outdirs, Terraform work folders, child
// processes' files) goes under one root of its own, removed when the file is done, so a run
// leaves the system's temporary folder as it found it. os.tmpdir() reads TMPDIR at each call.
const systemTemp = process.env.TMPDIR;
const root = mkdtempSync(join(tmpdir(), testTempPrefix()));
process.env.TMPDIR = root;

afterAll(() => {
  if (systemTemp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = systemTemp;
  rmSync(root, { recursive: true, force: true });
});
