import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dagFiles, readRepoFile, REPO_ROOT } from './support';

/** A Dockerfile's instructions, continuation lines joined and comments dropped. */
function instructions(path: string): { readonly keyword: string; readonly argument: string }[] {
  const joined = readRepoFile(path)
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), argument: rest.join(' ') };
    });
}

const BY_DIGEST = /^[a-z0-9./_-]+:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}$/;
const SECRET_NAME = /PASSWORD|PASSPHRASE|SECRET|TOKEN|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL/i;

describe.each(['dbt/Dockerfile', 'dags/Dockerfile'])('%s', (path) => {
  const steps = instructions(path);
  const of = (keyword: string) => steps.filter((step) => step.keyword === keyword);

  it('starts from a base image pinned by digest (a tag for readers, the digest for the build)', () => {
    expect(of('FROM').length).toBeGreaterThan(0);
    for (const from of of('FROM')) expect(from.argument).toMatch(BY_DIGEST);
  });

  it('ends as a user that is not root', () => {
    const users = of('USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1].argument;
    expect(last).not.toMatch(/^(root|0)(:|$)/);
  });

  it('bakes no credentials in: no secret-looking ENV or ARG, nothing added from a URL', () => {
    const settings = [...of('ENV'), ...of('ARG')].flatMap((step) => step.argument.split(/\s+/).map((pair) => pair.split('=')[0]));
    expect(settings.filter((name) => SECRET_NAME.test(name))).toEqual([]);
    expect(of('ADD')).toEqual([]);
  });

  it('pins every Python package it installs', () => {
    const installs = of('RUN')
      .flatMap((step) => [...step.argument.matchAll(/pip install ([^&]+)/g)].map((match) => match[1]))
      .flatMap((args) => args.split(/\s+/).filter((arg) => arg && !arg.startsWith('-') && !arg.startsWith('/')));
    expect(installs.length).toBeGreaterThan(0);
    for (const requirement of installs) expect(requirement.replace(/"/g, '')).toMatch(/^[A-Za-z0-9_.-]+==(\d+(\.\d+)*|\$\{[A-Z_]+\})$/);
  });
});

describe('the dbt image', () => {
  const dockerfile = readRepoFile('dbt/Dockerfile');

  it('installs dbt-snowflake at an exact version', () => {
    expect(dockerfile).toMatch(/"dbt-snowflake==\d+\.\d+\.\d+"/);
  });

  it('copies the dbt project in and installs its packages at build time', () => {
    const copies = instructions('dbt/Dockerfile')
      .filter((step) => step.keyword === 'COPY')
      .flatMap((step) => step.argument.split(/\s+/).slice(0, -1));
    expect(copies).toEqual(expect.arrayContaining(['dbt_project.yml', 'packages.yml', 'profiles.yml', 'models', 'macros', 'tests']));
    expect(dockerfile).toMatch(/dbt deps/);
  });

  it('sends the project and nothing else to the build, and copies all it sends', () => {
    const rules = readRepoFile('dbt/.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(rules[0]).toBe('*');
    const allowed = new Set(rules.slice(1).map((rule) => rule.replace(/^!/, '').replace(/\/$/, '')));
    const sent = readdirSync(join(REPO_ROOT, 'dbt')).filter((name) => allowed.has(name)).sort();
    for (const local of ['runner', 'sample-data', 'sqlfluff_libs', 'README.md', '.sqlfluff', 'target', 'dbt_packages', 'logs']) {
      expect(sent).not.toContain(local);
    }
    // A project folder added later (seeds/, snapshots/) is sent; this fails until the Dockerfile copies it too.
    const copied = instructions('dbt/Dockerfile')
      .filter((step) => step.keyword === 'COPY')
      .flatMap((step) => step.argument.split(/\s+/).slice(0, -1));
    expect([...copied].sort()).toEqual(sent);
  });

  it('reads every connection setting of profiles.yml from the environment: no credential in the file it copies', () => {
    const profiles = parse(readRepoFile('dbt/profiles.yml')) as { data_platform: { outputs: Record<string, Record<string, unknown>> } };
    const snowflake = profiles.data_platform.outputs.prod;
    for (const key of ['account', 'user', 'role', 'private_key_path', 'private_key_passphrase', 'warehouse', 'database']) {
      expect(String(snowflake[key])).toMatch(/^\{\{ env_var\('[A-Z_]+'\) \}\}$/);
    }
    expect(Object.keys(snowflake).filter((key) => /password|token|private_key$/.test(key))).toEqual([]);
  });
});

describe('the Airflow image', () => {
  const dockerfile = readRepoFile('dags/Dockerfile');
  const requirements = readRepoFile('dags/requirements.txt')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  // The official image's default extras (apache/airflow Dockerfile, AIRFLOW_EXTRAS) that the
  // platform relies on: each is a provider the image ships.
  const OFFICIAL_IMAGE_PROVIDERS = ['amazon', 'cncf-kubernetes', 'slack'];

  it('extends the official apache/airflow image and keeps Airflow at the version of its tag', () => {
    const from = instructions('dags/Dockerfile').find((step) => step.keyword === 'FROM')?.argument ?? '';
    const tagVersion = /^apache\/airflow:(\d+\.\d+\.\d+)-python3\.\d+@sha256:/.exec(from)?.[1];
    expect(tagVersion).toBeDefined();
    expect(dockerfile).toContain(`ARG AIRFLOW_VERSION=${tagVersion}`);
    expect(dockerfile).toContain('"apache-airflow==${AIRFLOW_VERSION}"');
  });

  it('pins every added requirement exactly', () => {
    expect(requirements.length).toBeGreaterThan(0);
    for (const requirement of requirements) expect(requirement).toMatch(/^apache-airflow-providers-[a-z-]+==\d+\.\d+\.\d+$/);
  });

  it('carries every provider the DAGs import, and the build fails without any of them', () => {
    const imported = new Set(
      dagFiles().flatMap((file) => [...readRepoFile(file).matchAll(/^from airflow\.providers\.([a-z_]+)(?:\.([a-z_]+))?/gm)]),
    );
    const providers = new Set(
      [...imported].map((match) => (match[1] === 'cncf' ? `cncf-${match[2]}` : match[1]).replace(/_/g, '-')),
    );
    expect([...providers].sort()).toEqual(['airbyte', 'cncf-kubernetes', 'slack']);
    const added = requirements.map((requirement) => requirement.replace(/^apache-airflow-providers-/, '').replace(/==.*/, ''));
    for (const provider of [...providers, 'amazon']) {
      expect([...added, ...OFFICIAL_IMAGE_PROVIDERS]).toContain(provider);
      expect(dockerfile).toContain(`'apache-airflow-providers-${provider}'`);
    }
  });

  it('does not bake the DAGs in: they ship as objects in the DAG bucket', () => {
    expect(dockerfile).not.toMatch(/^COPY .*\.py/m);
    expect(existsSync(join(REPO_ROOT, 'dags/.dockerignore'))).toBe(false);
  });
});
