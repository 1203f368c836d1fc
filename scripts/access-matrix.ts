/**
 * `npm run access-matrix [-- --env <name>] [-- --from <cdktf.out>]`: which role can read,
 * write or own each Snowflake database, schema and warehouse, derived from the synthesized
 * snowflake stack's grants alone. Without --from it synthesizes the environment first, into
 * a temporary folder it removes again. Exit 2 on a bad flag, configuration or folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'cdktf';
import { ConfigError, DEFAULT_ENVIRONMENT, loadConfig } from '../config';
import { buildPlatform } from '../stacks/platform';
import { deriveAccessMatrix, formatAccessMatrix } from './lib/access-matrix';
import { SynthesizedApp } from './lib/stack-manifest';
import { PLATFORM_STACKS } from '../stacks/platform';

const USAGE = [
  'Usage: npm run access-matrix -- [--env <name>] [--from <folder>]',
  '  --env <name>     environment in config/environments/ (default: PLATFORM_ENV, else dev)',
  '  --from <folder>  read an already synthesized app (e.g. cdktf.out) instead of synthesizing',
].join('\n');

export function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { env: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`access-matrix: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const env = values.env ?? process.env.PLATFORM_ENV ?? DEFAULT_ENVIRONMENT;
  const outdir = values.from ?? mkdtempSync(join(tmpdir(), 'access-matrix-'));
  try {
    if (!values.from) {
      const app = new App({ outdir });
      buildPlatform(app, loadConfig({ env }));
      app.synth();
    }
    const json = new SynthesizedApp(outdir).terraformJson(PLATFORM_STACKS.snowflake.id);
    const source = values.from ? `${values.from}` : `environment "${env}"`;
    process.stdout.write(`Access matrix of the snowflake stack (${source}), from its synthesized grants\n\n${formatAccessMatrix(deriveAccessMatrix(json))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof Error && /cannot read .*manifest\.json|no stack "snowflake"/.test(error.message)) {
      process.stderr.write(`access-matrix: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    if (!values.from) rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
