import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setupJest } from 'cdktf/lib/testing/adapters/jest';
import { testTempPrefix } from './support/temp-root';

// Registers (and types) cdktf's matchers: toHaveResourceWithProperties, toBeValidTerraform, ...
setupJest();

// Every temporary folder a test file makes (cdktf's outdirs, Terraform work folders) goes under
// one root of its own, removed when the file is done, so a run leaves the system's temporary
// folder as it found it. os.tmpdir() is what cdktf's Testing and the tests ask; TMPDIR is what
// the child processes the tests start inherit.
const root = mkdtempSync(join(os.tmpdir(), testTempPrefix()));
const tmpdir = jest.spyOn(os, 'tmpdir').mockReturnValue(root);
const systemTemp = process.env.TMPDIR;
process.env.TMPDIR = root;

afterAll(() => {
  tmpdir.mockRestore();
  if (systemTemp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = systemTemp;
  rmSync(root, { recursive: true, force: true });
});
