import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  ancestors,
  dagFacts,
  dagFiles,
  missingPythonModules,
  python,
  readRepoFile,
  REPO_ROOT,
  seconds,
  withTool,
  type DagFileFacts,
  type TaskFacts,
} from './support';

// Static checks of every DAG file: Airflow cannot be installed here, so test/dags/dag_facts.py
// reads the files with Python's ast (one python3 process for all of them).
const FILES = dagFiles();
const FACTS = dagFacts(FILES);

const LAYERS = ['bronze', 'silver', 'gold', 'marts'];
const PLATFORM_BATCH = 'dags/platform_batch.py';

function dagArguments(facts: DagFileFacts): Record<string, any> {
  return facts.dags[0].arguments;
}

/** The timeout a task runs under: its own, or the DAG's default_args. */
function executionTimeout(facts: DagFileFacts, task: TaskFacts): number | undefined {
  return seconds(task.kwargs.execution_timeout) ?? seconds(dagArguments(facts).default_args?.execution_timeout);
}

describe('every DAG file', () => {
  it('dags/ holds DAG files', () => {
    expect(FILES).toContain(PLATFORM_BATCH);
  });

  describe.each(FACTS.map((facts) => [facts.path, facts] as const))('%s', (_path, facts) => {
    it('compiles', () => {
      expect(facts.error).toBeUndefined();
      expect(facts.compiles).toBe(true);
    });

    it('declares exactly one DAG', () => {
      expect(facts.dags).toHaveLength(1);
    });

    it('reads no Variable or Connection and does no network, database or file I/O when the scheduler parses it', () => {
      expect(facts.top_level_io).toEqual([]);
    });

    it('has a run timeout, retries with exponential back-off, and a timeout on every task', () => {
      const dag = dagArguments(facts);
      expect(seconds(dag.dagrun_timeout)).toBeGreaterThan(0);
      expect(dag.default_args.retries).toBeGreaterThanOrEqual(1);
      expect(dag.default_args.retry_exponential_backoff).toBe(true);
      expect(seconds(dag.default_args.max_retry_delay)).toBeGreaterThan(0);
      const untimed = Object.values(facts.tasks).filter((task) => !(executionTimeout(facts, task)! > 0));
      expect(untimed.map((task) => task.task_id)).toEqual([]);
    });

    it('pulls XComs in templates only from tasks that run before', () => {
      const misordered = Object.values(facts.tasks).flatMap((task) =>
        task.xcom_sources.filter((source) => !ancestors(facts, task.task_id).has(source)).map((source) => `${task.task_id} pulls ${source}`),
      );
      expect(misordered).toEqual([]);
    });
  });
});

describe('platform_batch', () => {
  const facts = FACTS.find((file) => file.path === PLATFORM_BATCH) as DagFileFacts;
  const dag = dagArguments(facts);
  const tasks = facts.tasks;
  const constant = (name: string) => facts.constants[name];
  const DBT_TASKS = ['dbt_source_freshness', ...LAYERS.map((layer) => `dbt_build_${layer}`), 'publish_dbt_docs'];

  it('is the DAG platform_batch, every 6 hours in UTC, one batch at a time, never catching up', () => {
    expect(dag.dag_id).toBe('platform_batch');
    expect(dag.schedule).toMatchObject({ call: 'CronTriggerTimetable', args: ['0 */6 * * *'], kwargs: { timezone: 'UTC' } });
    expect(dag.start_date.tzinfo).toBe('UTC');
    expect(dag.catchup).toBe(false);
    expect(dag.max_active_runs).toBe(1);
  });

  it('alerts Slack when a batch is not done 3 hours after it was queued, errors at 5 hours, and stops the run at 5 hours', () => {
    const slackConnection = constant('SLACK_WEBHOOK_CONN_ID');
    const deadlines = (dag.deadline as any[]).map((alert) => ({
      reference: alert.kwargs.reference.name,
      hours: seconds(alert.kwargs.interval)! / 3600,
      callback: `${alert.kwargs.callback.call}(${alert.kwargs.callback.args[0].name})`,
      connection: alert.kwargs.callback.kwargs.kwargs.slack_webhook_conn_id,
      text: alert.kwargs.callback.kwargs.kwargs.text as string,
    }));
    expect(deadlines.map(({ text, ...rest }) => rest)).toEqual([
      { reference: 'DeadlineReference.DAGRUN_QUEUED_AT', hours: 3, callback: 'AsyncCallback(SlackWebhookNotifier)', connection: slackConnection },
      { reference: 'DeadlineReference.DAGRUN_QUEUED_AT', hours: 5, callback: 'AsyncCallback(SlackWebhookNotifier)', connection: slackConnection },
    ]);
    expect(deadlines[1].text).toContain('ERROR');
    expect(seconds(dag.dagrun_timeout)).toBe(5 * 3600);
    expect(dag.on_failure_callback).toMatchObject({ call: 'SlackWebhookNotifier', kwargs: { slack_webhook_conn_id: slackConnection } });
  });

  it('has one task per step, each named for what it does', () => {
    expect(Object.keys(tasks).sort()).toEqual(
      ['read_airbyte_connections', 'read_batch_settings', 'trigger_airbyte_sync', 'wait_for_airbyte_sync', ...DBT_TASKS].sort(),
    );
  });

  it("syncs each Airbyte connection with the provider's operator and waits for it in the triggerer with its sensor", () => {
    const airbyte = constant('AIRBYTE_CONN_ID');
    expect(tasks.trigger_airbyte_sync).toMatchObject({
      operator: 'AirbyteTriggerSyncOperator',
      mapped: true,
      kwargs: { airbyte_conn_id: airbyte, asynchronous: true },
      expand: { connection_id: 'connections.map(connection_id_of)' },
    });
    expect(tasks.wait_for_airbyte_sync).toMatchObject({
      operator: 'AirbyteJobSensor',
      mapped: true,
      kwargs: { airbyte_conn_id: airbyte, deferrable: true },
      expand: { airbyte_job_id: 'trigger_airbyte_sync.output' },
    });
    expect(seconds(tasks.wait_for_airbyte_sync.kwargs.timeout)).toBeGreaterThan(0);
    // One mapped instance per connection, shown under the connection's name read at run time.
    for (const task of [tasks.trigger_airbyte_sync, tasks.wait_for_airbyte_sync]) {
      expect(task.kwargs.map_index_template).toMatch(/xcom_pull\(task_ids='read_airbyte_connections', map_indexes=-1\)\[ti\.map_index\]\['name'\]/);
    }
    expect(facts.edges).toContainEqual(['read_airbyte_connections', 'trigger_airbyte_sync']);
  });

  it('orders the batch: every sync, then freshness, then bronze, silver, gold and marts, then the docs last', () => {
    const order = ['wait_for_airbyte_sync', ...DBT_TASKS];
    for (const [index, task] of order.entries()) {
      expect([...ancestors(facts, task)].sort()).toEqual(
        expect.arrayContaining(['read_airbyte_connections', 'read_batch_settings', 'trigger_airbyte_sync', ...order.slice(0, index)]),
      );
    }
    const downstreamOfDocs = facts.edges.filter(([upstream]) => upstream === 'publish_dbt_docs');
    expect(downstreamOfDocs).toEqual([]);
    // The Variables are checked before any sync starts: a bad image digest fails in seconds, not after an hour of syncing.
    expect(ancestors(facts, 'trigger_airbyte_sync')).toEqual(new Set(['read_airbyte_connections', 'read_batch_settings']));
  });

  it("builds the dbt project's layers in order, each from its own folder", () => {
    const project = parse(readRepoFile('dbt/dbt_project.yml')) as { models: Record<string, Record<string, unknown>> };
    const folders = Object.keys(project.models.data_platform).filter((key) => !key.startsWith('+'));
    expect(constant('DBT_LAYERS')).toEqual(LAYERS);
    expect(folders).toEqual(LAYERS);
    expect(readdirSync(join(REPO_ROOT, 'dbt/models')).sort()).toEqual([...LAYERS].sort());
    for (const layer of LAYERS) {
      const task = tasks[`dbt_build_${layer}`];
      expect(task.kwargs.cmds).toEqual(['dbt']);
      expect(task.kwargs.arguments.slice(0, 3)).toEqual(['build', '--select', `path:models/${layer}`]);
    }
    // The parsing macros' unit tests run with bronze, before any silver model parses with them.
    expect(tasks.dbt_build_bronze.kwargs.arguments).toContain('path:tests/macros');
    expect(existsSync(join(REPO_ROOT, 'dbt/tests/macros'))).toBe(true);
    expect(tasks.dbt_source_freshness.kwargs.arguments).toEqual(['source', 'freshness']);
  });

  it('runs every dbt step in the dbt image by digest, on the orchestration nodes, as its own service account', () => {
    for (const id of DBT_TASKS) {
      const task = tasks[id].kwargs;
      expect(tasks[id].operator).toBe('KubernetesPodOperator');
      expect(task.image).toBe("{{ ti.xcom_pull(task_ids='read_batch_settings', map_indexes=-1)['dbt_image'] }}");
      expect(task).toMatchObject({
        namespace: { expr: "DBT_POD['namespace']" },
        service_account_name: { expr: "DBT_POD['service_account']" },
        node_selector: { expr: "DBT_POD['node_selector']" },
        tolerations: { expr: "DBT_POD['tolerations']" },
        in_cluster: true,
        deferrable: true,
        on_finish_action: 'delete_pod',
      });
      expect(task.security_context).toMatchObject({ call: 'k8s.V1PodSecurityContext', kwargs: { run_as_non_root: true } });
      expect(task.container_security_context.kwargs).toMatchObject({ allow_privilege_escalation: false, read_only_root_filesystem: true });
    }
  });

  it('gives dbt only names through the environment; the private key is a file from the Secret, the passphrase a Secret reference', () => {
    const environment = tasks.dbt_build_silver.kwargs.env_vars as Record<string, unknown>;
    const fromSettings = (path: string) => `{{ ti.xcom_pull(task_ids='read_batch_settings', map_indexes=-1)${path} }}`;
    expect(environment).toMatchObject({
      DBT_TARGET: 'prod',
      SNOWFLAKE_ACCOUNT: fromSettings("['snowflake']['account']"),
      SNOWFLAKE_USER: fromSettings("['snowflake']['user']"),
      SNOWFLAKE_ROLE: fromSettings("['snowflake']['role']"),
      SNOWFLAKE_WAREHOUSE: fromSettings("['snowflake']['warehouse']"),
      SNOWFLAKE_DATABASE: fromSettings("['snowflake']['database']"),
      SNOWFLAKE_PRIVATE_KEY_PATH: '/var/run/secrets/snowflake/rsa_key.p8',
    });
    expect(Object.keys(environment).filter((name) => /PASSWORD|PASSPHRASE|SECRET|TOKEN/.test(name))).toEqual([]);
    const secrets = tasks.dbt_build_silver.kwargs.secrets as any[];
    expect(secrets.map((secret) => [secret.call, secret.kwargs.deploy_type, secret.kwargs.deploy_target, secret.kwargs.key])).toEqual([
      ['Secret', 'volume', '/var/run/secrets/snowflake', undefined],
      ['Secret', 'env', 'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE', 'private_key_passphrase'],
    ]);
    expect(secrets[0].kwargs.items[0].kwargs).toMatchObject({ key: 'private_key', path: 'rsa_key.p8' });
  });

  it("every name profiles.yml reads comes from the task's environment or the mounted Secret", () => {
    const profiles = readRepoFile('dbt/profiles.yml');
    const required = [...profiles.matchAll(/env_var\('([A-Z_]+)'\)/g)].map((match) => match[1]);
    const environment = tasks.dbt_build_gold.kwargs.env_vars as Record<string, unknown>;
    const fromSecrets = (tasks.dbt_build_gold.kwargs.secrets as any[]).map((secret) => secret.kwargs.deploy_target);
    expect(required.filter((name) => !(name in environment) && !fromSecrets.includes(name))).toEqual([]);
  });

  it('matches the dbt image: its project folder and its user', () => {
    const dockerfile = readRepoFile('dbt/Dockerfile');
    expect(dockerfile).toContain(`WORKDIR ${constant('DBT_PROJECT_DIR')}`);
    expect(dockerfile).toContain(`USER ${constant('DBT_USER_ID')}:${constant('DBT_USER_ID')}`);
    expect(tasks.dbt_build_marts.kwargs.env_vars.DBT_PROFILES_DIR).toBe(constant('DBT_PROJECT_DIR'));
  });

  describe('its run-time checks of the deployment', () => {
    const placement = {
      namespace: 'dbt',
      service_account: 'dbt',
      snowflake_key_secret: 'snowflake-transformer-key',
      aws_region: 'us-east-1',
      node_selector: { 'data-platform/workload': 'orchestration' },
      tolerations: [{ key: 'data-platform/workload', operator: 'Equal', value: 'orchestration', effect: 'NoSchedule' }],
    };
    const snowflake = {
      account: 'ORG-ACCOUNT',
      user: 'TRANSFORMER',
      role: 'TRANSFORMER',
      warehouse: 'TRANSFORMING',
      database: 'ANALYTICS',
      schema: 'PUBLIC',
      raw_database: 'RAW',
      raw_schema: 'RAW',
    };
    const digest = `123456789012.dkr.ecr.us-east-1.amazonaws.com/dp-dev/dbt@sha256:${'a'.repeat(64)}`;
    const calls = [
      { function: 'dbt_pod_placement', args: [JSON.stringify(placement)] },
      { function: 'dbt_pod_placement', args: [null] },
      { function: 'dbt_pod_placement', args: [JSON.stringify({ ...placement, tolerations: [{ key: 'a', tolerationSeconds: 5 }] })] },
      { function: 'airbyte_connections', args: [{ postgres_customers: 'c2', s3_projects: 'c1' }] },
      { function: 'airbyte_connections', args: [{}] },
      { function: 'batch_settings', args: [digest, snowflake, 'dp-dev-dbt-artifacts-abc123'] },
      { function: 'batch_settings', args: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/dp-dev/dbt:latest', snowflake, 'bucket-name'] },
      { function: 'batch_settings', args: [digest, { ...snowflake, warehouse: '' }, 'bucket-name'] },
    ];
    const results = python<{ value?: unknown; error?: string; missing?: string }[]>('dag_facts.py', ['call', PLATFORM_BATCH, JSON.stringify(calls)]);

    it('reads the dbt pod placement from PLATFORM_DBT_POD, and refuses to parse without it', () => {
      expect(results[0].value).toEqual(placement);
      expect(results[1].error).toBe(
        'ValueError: platform_batch: environment variable PLATFORM_DBT_POD is not set; the airflow stack sets PLATFORM_DBT_POD on every Airflow component (dags/README.md)',
      );
      expect(results[2].error).toContain('PLATFORM_DBT_POD.tolerations must be a list of objects with only effect, key, operator, value');
    });

    it('maps one sync per Airbyte connection, sorted by name, and refuses an empty Variable', () => {
      expect(results[3].value).toEqual([
        { name: 'postgres_customers', connection_id: 'c2' },
        { name: 's3_projects', connection_id: 'c1' },
      ]);
      expect(results[4].error).toContain('Variable platform_airbyte_connections must be a non-empty JSON object');
    });

    it('takes the dbt image only by digest, and every Snowflake name', () => {
      expect(results[5].value).toEqual({ dbt_image: digest, snowflake, artifacts_bucket: 'dp-dev-dbt-artifacts-abc123' });
      expect(results[6].error).toContain('it must name the dbt image by digest (<repository>@sha256:<64 hex>), never by tag');
      expect(results[7].error).toContain('Variable platform_snowflake lacks warehouse');
    });
  });

  describe('publish_dbt_docs', () => {
    it('generates the docs and runs the publishing program in the dbt container', () => {
      const task = tasks.publish_dbt_docs.kwargs;
      expect(task.cmds.slice(0, 2)).toEqual(['python', '-c']);
      expect(task.env_vars).toMatchObject({
        DBT_ARTIFACTS_BUCKET: "{{ ti.xcom_pull(task_ids='read_batch_settings', map_indexes=-1)['artifacts_bucket'] }}",
        DBT_DOCS_PREFIX: 'dbt-docs/',
      });
    });

    withTool(missingPythonModules(['moto', 'boto3']), "pip install 'moto[s3]' boto3", 'the dbt docs upload to S3, run against moto', () => {
      it('uploads index, static page, manifest and catalog to the artifacts bucket with their content types', () => {
        const run = python<{ dbt_arguments: string[]; objects: Record<string, string> }>('publish_docs_harness.py', [PLATFORM_BATCH, 'PUBLISH_DBT_DOCS_PROGRAM']);
        expect(run.dbt_arguments).toEqual(['docs', 'generate', '--static']);
        expect(run.objects).toEqual({
          'dbt-docs/index.html': 'text/html',
          'dbt-docs/static_index.html': 'text/html',
          'dbt-docs/manifest.json': 'application/json',
          'dbt-docs/catalog.json': 'application/json',
        });
      });
    });
  });
});

describe('the DAG reader is not blind', () => {
  const wrong = join(tmpdir(), 'wrong_dag.py');
  writeFileSync(
    wrong,
    [
      'import requests',
      'from datetime import timedelta',
      'from airflow.sdk import DAG, Variable',
      'from airflow.providers.standard.operators.empty import EmptyOperator',
      'BUCKET = Variable.get("bucket")',
      'with DAG(dag_id="one", schedule=None, default_args={"retries": 0}):',
      '    first = EmptyOperator(task_id="first")',
      '    second = EmptyOperator(task_id="second", execution_timeout=timedelta(minutes=1))',
      '    first >> second',
      'with DAG(dag_id="two", schedule=None):',
      '    EmptyOperator(task_id="third", doc=open("notes.md").read())',
      '',
    ].join('\n'),
  );
  const [facts] = dagFacts([wrong]);

  it('sees top-level I/O, a second DAG, an edge and a task without a timeout', () => {
    expect(facts.top_level_io).toEqual([
      { line: 1, what: 'import requests' },
      { line: 5, what: 'call to Variable.get()' },
      { line: 11, what: 'call to open()' },
    ]);
    expect(facts.dags.map((dag) => dag.arguments.dag_id)).toEqual(['one', 'two']);
    expect(facts.edges).toEqual([['first', 'second']]);
    expect(seconds(facts.tasks.first.kwargs.execution_timeout)).toBeUndefined();
    expect(seconds(facts.tasks.second.kwargs.execution_timeout)).toBe(60);
  });
});
