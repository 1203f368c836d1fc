import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { parseCommandLine, UsageError } from '../../scripts/lib/platform-command';
import { assertActionAllowed, ProdRefusedError } from '../../scripts/lib/platform-run';
import { SynthesizedApp } from '../../scripts/lib/stack-manifest';
import { selectStacks, type StackSelection } from '../../scripts/lib/stack-selection';
import { formatTeardownPlan, planTeardown } from '../../scripts/lib/teardown-plan';
import { testStackDefinition } from '../support/stack-under-test';
import { synthPlatform } from '../support/synth';

const dev = loadConfig({ env: 'dev' });
const prod = loadConfig({ env: 'prod' });

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A synthesized app as cdktf writes it, for stacks that exist only in this test. */
function appOf(stacks: Record<string, { dependencies?: string[]; resource?: Resources }>): { app: SynthesizedApp; selection: StackSelection } {
  const outdir = mkdtempSync(join(tmpdir(), 'teardown-app-'));
  const manifest: Record<string, object> = {};
  for (const [name, { dependencies = [], resource = {} }] of Object.entries(stacks)) {
    mkdirSync(join(outdir, 'stacks', name), { recursive: true });
    writeFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), JSON.stringify({ resource }));
    manifest[name] = { name, dependencies, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(outdir, 'manifest.json'), JSON.stringify({ stacks: manifest }));
  return { app: new SynthesizedApp(outdir), selection: { run: Object.keys(stacks).map((id) => testStackDefinition(id)), skipped: [] } };
}

/** The whole designed platform, with the data holders and namespaces the stacks will have. */
const DESIGNED = {
  network: {},
  storage: { resource: { aws_s3_bucket: { landing: { bucket_prefix: 'dp-dev-landing-' } } } },
  secrets: { dependencies: ['storage'] },
  eks: { dependencies: ['network'] },
  'cluster-addons': { dependencies: ['eks'], resource: { kubernetes_namespace_v1: { eso: { metadata: { name: 'external-secrets' } } } } },
  postgres: { dependencies: ['network', 'eks', 'secrets'], resource: { aws_db_instance: { db: { skip_final_snapshot: false, final_snapshot_identifier: 'dp-dev-final' } } } },
  snowflake: { dependencies: ['storage', 'network'], resource: { snowflake_database: { raw: { name: 'RAW' } } } },
  airbyte: { dependencies: ['cluster-addons', 'postgres'], resource: { kubernetes_namespace_v1: { ns: { metadata: [{ name: 'airbyte' }] } } } },
  'airbyte-connections': { dependencies: ['airbyte', 'snowflake'] },
  airflow: {
    dependencies: ['airbyte-connections', 'cluster-addons', 'storage'],
    resource: { kubernetes_namespace_v1: { airflow: { metadata: [{ name: 'airflow' }] }, dbt: { metadata: [{ name: 'dbt' }] }, computed: { metadata: [{ name: '${var.x}' }] } } },
  },
};

describe('the teardown plan of the platform as built', () => {
  let app: SynthesizedApp;
  beforeAll(() => {
    app = new SynthesizedApp(synthPlatform({ env: 'dev' }).outdir);
  });

  it('keeps every stack that owns data and every stack those read, says why, and destroys the rest in reverse manifest order', () => {
    const plan = planTeardown(app, dev, selectStacks([], dev), false);
    const kept = plan.keep.map((k) => k.stack);
    expect(plan.keep.some(({ reason }) => reason.startsWith('owns data: '))).toBe(true);
    for (const { stack, reason } of plan.keep) expect({ stack, reason }).toEqual({ stack, reason: expect.stringMatching(/^owns data: .+|^\S+, which is kept, reads its outputs$/) });
    for (const stack of kept) for (const upstream of app.stacks.get(stack)!.dependencies) expect({ stack, upstream, kept: kept.includes(upstream) }).toEqual({ stack, upstream, kept: true });
    expect(plan.destroy.map((s) => s.stack)).toEqual(app.deployOrder().reverse().filter((stack) => !kept.includes(stack)));
    expect([plan.cluster, plan.region, plan.awsEndpoint]).toEqual(['dp-dev', 'us-east-1', undefined]);
  });

  it('with --purge-data destroys every stack, saying what data goes', () => {
    const owners = planTeardown(app, dev, selectStacks([], dev), false).keep.filter(({ reason }) => reason.startsWith('owns data: '));
    const plan = planTeardown(app, dev, selectStacks([], dev), true);
    expect(plan.keep).toEqual([]);
    expect(plan.destroy.map((s) => s.stack)).toEqual(app.deployOrder().reverse());
    for (const { stack, reason } of owners) expect(plan.destroy.find((s) => s.stack === stack)!.data.join(', ')).toBe(reason.slice('owns data: '.length));
  });

  it('prints one fact a line for the shell, an empty field as "-"', () => {
    const plan = planTeardown(app, dev, selectStacks([], dev), true);
    const text = formatTeardownPlan(plan);
    expect(text.split('\n').slice(0, 3)).toEqual(['environment\tdev', 'region\tus-east-1', 'cluster\tdp-dev']);
    for (const { stack, namespaces, data } of plan.destroy) {
      expect(text).toContain(`destroy\t${stack}\t${namespaces.join(',') || '-'}\t${data.join('; ') || '-'}\n`);
    }
  });
});

describe('the teardown plan of stacks still to come', () => {
  it('keeps every data owner and what it reads, destroys the cluster and its workloads first, and names their namespaces', () => {
    const { app, selection } = appOf(DESIGNED);
    const plan = planTeardown(app, dev, selection, false);
    expect(plan.keep).toEqual([
      { stack: 'snowflake', reason: 'owns data: 1 Snowflake database (its schemas and tables)' },
      { stack: 'storage', reason: expect.stringMatching(/^owns data: 1 S3 bucket /) },
      { stack: 'network', reason: 'snowflake, which is kept, reads its outputs' },
    ]);
    // postgres takes a final snapshot, so its destroy loses nothing.
    expect(plan.destroy.map(({ stack, namespaces }) => [stack, namespaces.join(',')])).toEqual([
      ['airflow', 'airflow,dbt'],
      ['airbyte-connections', ''],
      ['airbyte', 'airbyte'],
      ['postgres', ''],
      ['secrets', ''],
      ['cluster-addons', 'external-secrets'],
      ['eks', ''],
    ]);
  });

  it('keeps a database that skips its final snapshot, with the cluster it reads', () => {
    const stacks = { ...DESIGNED, postgres: { ...DESIGNED.postgres, resource: { aws_db_instance: { db: { skip_final_snapshot: true } } } } };
    const { app, selection } = appOf(stacks);
    const plan = planTeardown(app, dev, selection, false);
    expect(plan.keep.map((k) => k.stack)).toEqual(['snowflake', 'postgres', 'secrets', 'storage', 'eks', 'network']);
    expect(plan.keep.find((k) => k.stack === 'postgres')!.reason).toBe('owns data: 1 RDS instance (its databases)');
    expect(plan.destroy.map((s) => s.stack)).toEqual(['airflow', 'airbyte-connections', 'airbyte', 'cluster-addons']);
  });

  it('keeps a database under deletion protection, and a stack whose resources are marked prevent_destroy', () => {
    const stacks = {
      ...DESIGNED,
      postgres: { ...DESIGNED.postgres, resource: { aws_db_instance: { db: { skip_final_snapshot: false, deletion_protection: true } } } },
      'postgres-bootstrap': { dependencies: ['postgres'], resource: { postgresql_database: { airflow: { name: 'airflow', lifecycle: { prevent_destroy: true } } } } },
    };
    const { app, selection } = appOf(stacks);
    const plan = planTeardown(app, dev, selection, false);
    expect(plan.keep.filter((k) => k.stack.startsWith('postgres'))).toEqual([
      { stack: 'postgres-bootstrap', reason: 'owns data: 1 resource marked prevent_destroy' },
      { stack: 'postgres', reason: 'owns data: 1 RDS instance (its databases)' },
    ]);
  });
});

describe('the destroy command line', () => {
  it('takes --purge-data and the cleanup approval for destroy, before or after stack names', () => {
    expect(parseCommandLine('destroy', ['secrets', '--purge-data', '--prod-approved-by-cleanup', 'storage'])).toEqual({
      stacks: ['secrets', 'storage'],
      purgeData: true,
      prodApprovedByCleanup: true,
    });
  });

  it.each(['deploy', 'diff'] as const)('%s refuses the flags that belong to destroy', (action) => {
    expect(() => parseCommandLine(action, ['--prod-approved-by-cleanup'])).toThrow(new UsageError(`npm run ${action} does not take --prod-approved-by-cleanup; it takes stack names. Nothing was run.`));
  });

  it('refuses an unknown flag, naming the ones it takes', () => {
    expect(() => parseCommandLine('destroy', ['--force'])).toThrow('npm run destroy does not take --force; it takes --purge-data, --prod-approved-by-cleanup and stack names.');
  });
});

describe('the prod guard of deploy and destroy', () => {
  it('refuses to destroy prod without the approval of scripts/cleanup.sh', () => {
    expect(() => assertActionAllowed('destroy', prod, {})).toThrow(ProdRefusedError);
    expect(() => assertActionAllowed('destroy', prod, {})).toThrow(/tear prod down with scripts\/cleanup\.sh --env prod --yes/);
  });

  it('lets a destroy that scripts/cleanup.sh approved run in prod', () => {
    expect(() => assertActionAllowed('destroy', prod, { prodApprovedByCleanup: true })).not.toThrow();
  });

  it('never lets a deploy run in prod, approved or not', () => {
    expect(() => assertActionAllowed('deploy', prod, {})).toThrow(ProdRefusedError);
    expect(() => assertActionAllowed('deploy', prod, { prodApprovedByCleanup: true })).toThrow('deploy takes neither purgeData nor prodApprovedByCleanup');
  });

  it('lets every action run in dev, and diff in prod', () => {
    expect(() => assertActionAllowed('destroy', dev, { purgeData: true })).not.toThrow();
    expect(() => assertActionAllowed('deploy', dev, {})).not.toThrow();
    expect(() => assertActionAllowed('diff', prod, {})).not.toThrow();
  });
});
