import { main } from '../../scripts/access-matrix';
import { deriveAccessMatrix, formatAccessMatrix, type AccessMatrix } from '../../scripts/lib/access-matrix';
import { synthPlatform, type SynthesizedPlatform } from '../support/synth';
import { runCli } from '../support/cli';

let dev: SynthesizedPlatform;
let matrix: AccessMatrix;
let withGold: AccessMatrix;

beforeAll(() => {
  dev = synthPlatform({ env: 'dev' });
  matrix = deriveAccessMatrix(dev.stack('snowflake').json);
  withGold = deriveAccessMatrix(synthPlatform({ env: 'dev', overrides: { snowflake: { bi: { readsGold: true } } } }).stack('snowflake').json);
});

/** The matrix as `object -> [owner, LOADER, TRANSFORMER, REPORTER]`, '-' for no access. */
function grid(result: AccessMatrix): Record<string, string[]> {
  const order = ['PLATFORM_OWNER', 'LOADER', 'TRANSFORMER', 'REPORTER'];
  return Object.fromEntries([
    ...result.data.map(({ object, access }) => [object, order.map((role) => access[role] || '-')]),
    ...result.warehouses.map(({ warehouse, access }) => [`warehouse ${warehouse}`, order.map((role) => access[role] || '-')]),
  ]);
}

//                                 owner   LOADER   TRANSFORMER REPORTER
const INTENDED: Record<string, string[]> = {
  ANALYTICS: ['own', '-', 'write', 'read'],
  'ANALYTICS.BRONZE': ['own', '-', 'write', '-'],
  'ANALYTICS.GOLD': ['own', '-', 'write', '-'],
  'ANALYTICS.MARTS': ['own', '-', 'write', 'read'],
  'ANALYTICS.SILVER': ['own', '-', 'write', '-'],
  RAW: ['own', 'write', 'read', '-'],
  'RAW.DOCUMENTS': ['own', 'write', 'read', '-'],
  'RAW.FILES': ['own', 'write', 'read', '-'],
  'RAW.OLTP': ['own', 'write', 'read', '-'],
  'RAW.PARTNERS': ['own', 'write', 'read', '-'],
  'warehouse LOADING': ['own', 'use', '-', '-'],
  'warehouse REPORTING': ['own', '-', '-', 'use'],
  'warehouse TRANSFORMING': ['own', '-', 'use', '-'],
};

describe('the access matrix, derived from the synthesized grants', () => {
  it('is the intended one: LOADER writes RAW only, TRANSFORMER reads RAW and writes ANALYTICS, REPORTER reads MARTS only', () => {
    expect(grid(matrix)).toEqual(INTENDED);
  });

  it('lets REPORTER read GOLD too when the configuration says so, and still write nothing', () => {
    expect(grid(withGold)).toEqual({ ...INTENDED, 'ANALYTICS.GOLD': ['own', '-', 'write', 'read'] });
    for (const { access } of withGold.data) expect(['', 'read']).toContain(access.REPORTER);
  });

  it('leaves LOADER nothing to read in ANALYTICS', () => {
    for (const { object, access } of matrix.data.filter((row) => row.object.startsWith('ANALYTICS'))) expect({ object, access: access.LOADER }).toEqual({ object, access: '' });
  });

  it('puts every service role under the owner role, and the owner role under SYSADMIN', () => {
    expect(matrix.hierarchy).toEqual([
      { role: 'LOADER', parent: 'PLATFORM_OWNER' },
      { role: 'PLATFORM_OWNER', parent: 'SYSADMIN' },
      { role: 'REPORTER', parent: 'PLATFORM_OWNER' },
      { role: 'TRANSFORMER', parent: 'PLATFORM_OWNER' },
    ]);
  });

  it('lets every service user reach its own role and nothing else', () => {
    expect(matrix.users).toEqual([
      { user: 'AIRBYTE', defaultRole: 'LOADER', reaches: ['LOADER'] },
      { user: 'DBT', defaultRole: 'TRANSFORMER', reaches: ['TRANSFORMER'] },
      { user: 'SIGMA', defaultRole: 'REPORTER', reaches: ['REPORTER'] },
    ]);
  });

  it('follows the hierarchy: the owner role holds what the service roles are granted', () => {
    const json = JSON.parse(JSON.stringify(dev.stack('snowflake').json));
    // Without its ownership the owner role still reaches RAW through LOADER, which it inherits.
    for (const database of Object.values<Record<string, unknown>>(json.resource.snowflake_database)) database.provider = 'snowflake.accountadmin';
    for (const schema of Object.values<Record<string, unknown>>(json.resource.snowflake_schema)) schema.provider = 'snowflake.accountadmin';
    const inherited = deriveAccessMatrix(json);
    expect(inherited.data.find((row) => row.object === 'RAW.OLTP')?.access.PLATFORM_OWNER).toBe('write');
    expect(inherited.data.find((row) => row.object === 'ANALYTICS.MARTS')?.access.PLATFORM_OWNER).toBe('write');
  });

  it('prints as tables', () => {
    const printed = formatAccessMatrix(matrix);
    expect(printed).toContain('Database / schema   PLATFORM_OWNER  LOADER  REPORTER  TRANSFORMER');
    expect(printed).toContain('  RAW.OLTP          own             write   -         read');
    expect(printed).toContain('  AIRBYTE  LOADER        LOADER');
  });
});

describe('npm run access-matrix', () => {
  const run = (argv: string[]) => runCli(main, argv);

  it('prints the matrix of an already synthesized app', () => {
    const { status, stdout } = run(['--from', dev.outdir]);
    expect(status).toBe(0);
    expect(stdout).toContain(formatAccessMatrix(matrix));
  });

  it('synthesizes the environment itself when not given a folder', () => {
    const { status, stdout } = run(['--env', 'prod']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Access matrix of the snowflake stack \(environment "prod"\)/);
    expect(stdout).toContain('  RAW.OLTP          own             write   -         read');
  });

  it('exits 2 naming the problem on a folder that is not a synthesized app, an unknown environment or flag', () => {
    expect(run(['--from', '/nonexistent/cdktf.out'])).toMatchObject({ status: 2, stderr: expect.stringContaining('synthesize first (npm run synth)') });
    expect(run(['--env', 'staging'])).toMatchObject({ status: 2, stderr: expect.stringContaining('"staging" is not a known environment') });
    expect(run(['--bogus'])).toMatchObject({ status: 2, stderr: expect.stringContaining("Unknown option '--bogus'") });
  });
});
