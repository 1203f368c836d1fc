import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_COLUMNS, DirtyFeed, PROJECT_COLUMNS, writeFeed, type FeedBatch } from '../../scripts/bench/dirty-feed';
import { parseCsv } from '../../dbt/runner/csv';
import { runPipeline } from '../../dbt/runner/pipeline';
import { LocalWarehouse } from '../../dbt/runner/warehouse';
import { LOADED_AT, SAMPLE_DIR, temporaryDir } from './support';

/** Feeds arrive every six hours; batch n is stamped n * 6 h after the first. */
const BATCH_INTERVAL_MS = 6 * 60 * 60 * 1000;
const MODEL_SCHEMAS = ['silver', 'gold', 'marts'];

/** The rows of every silver, gold and mart table of a warehouse file (intermediate steps included), sorted on every column. */
async function modelTables(warehousePath: string): Promise<Record<string, unknown[]>> {
  const warehouse = await LocalWarehouse.open(warehousePath);
  try {
    const tables = await warehouse.query(
      `select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' ` +
        `and table_schema in (${MODEL_SCHEMAS.map((schema) => `'${schema}'`).join(', ')}) order by all`,
    );
    const contents: Record<string, unknown[]> = {};
    for (const { table_schema: schema, table_name: name } of tables) {
      contents[`${schema}.${name}`] = await warehouse.query(`select * from "${schema}"."${name}" order by all`);
    }
    return contents;
  } finally {
    warehouse.close();
  }
}

interface BatchRuns {
  /** The warehouse built batch by batch, each run after the first incremental. */
  readonly incremental: Record<string, unknown[]>;
  /** The same raw batches with every model rebuilt from all of them (--full-refresh on the last). */
  readonly fullRebuild: Record<string, unknown[]>;
  /** The progress lines of each incremental run. */
  readonly progress: readonly string[][];
}

/**
 * Runs `batches` one after the other on one warehouse file, and rebuilds a copy of the
 * warehouse as it was before the last batch with --full-refresh on the last batch, so
 * both hold the same raw rows with the same load times.
 */
async function runBatches(batches: readonly FeedBatch[]): Promise<BatchRuns> {
  const dir = temporaryDir('dbt-batches');
  const warehouse = join(dir, 'incremental.duckdb');
  const rebuilt = join(dir, 'rebuilt.duckdb');
  const progress: string[][] = [];
  for (const [index, batch] of batches.entries()) {
    const inputDir = join(dir, `batch-${index + 1}`);
    writeFeed(inputDir, batch);
    const loadedAt = new Date(LOADED_AT.getTime() + index * BATCH_INTERVAL_MS);
    const run = async (path: string, fullRefresh: boolean, lines: string[]): Promise<void> => {
      const result = await runPipeline({ inputDir, outputDir: join(dir, 'out'), warehouse: path, fullRefresh, loadedAt, onProgress: (line) => lines.push(line) });
      expect({ batch: index + 1, fullRefresh, failedTests: result.failedTests }).toEqual({ batch: index + 1, fullRefresh, failedTests: [] });
    };
    if (index === batches.length - 1) {
      copyFileSync(warehouse, rebuilt);
      await run(rebuilt, true, []);
    }
    progress.push([]);
    await run(warehouse, false, progress[index] as string[]);
  }
  return { incremental: await modelTables(warehouse), fullRebuild: await modelTables(rebuilt), progress };
}

/** How each model was built in a run, from its progress line, e.g. { tfm_projects: 'merge' }. */
function strategies(progress: readonly string[]): Record<string, string> {
  const built = progress.map((line) => /^\[\s*\d+\/\d+\] \S+\s+(\S+) \.\.\. OK \d+ rows \(([a-z+ ]+?)(?: of \d+ rows)?, \d+ ms\)$/.exec(line));
  return Object.fromEntries(built.filter((match) => match !== null).map((match) => [match[1], match[2]]));
}

/** The sample's records with their fields in the contract's column order. */
function sampleRecords(file: string, columns: readonly string[]): string[][] {
  const [header, ...records] = parseCsv(readFileSync(join(SAMPLE_DIR, file), 'utf8'));
  const names = (header?.fields ?? []).map((name) => name.trim().toLowerCase());
  return records.map((record) => columns.map((column) => record.fields[names.indexOf(column)] as string));
}

/** A customers row from the fields that matter to a test; the others are empty. */
function customerRow(fields: Partial<Record<(typeof CUSTOMER_COLUMNS)[number], string>>): string[] {
  return CUSTOMER_COLUMNS.map((column) => fields[column] ?? '');
}

function projectRow(fields: Partial<Record<(typeof PROJECT_COLUMNS)[number], string>>): string[] {
  return PROJECT_COLUMNS.map((column) => fields[column] ?? '');
}

function pick<T>(rows: readonly T[], indexes: readonly number[]): T[] {
  return indexes.map((index) => rows[index] as T);
}

const MODELS_BUILT_INCREMENTALLY = {
  tfm_customers_cleansed: 'append',
  tfm_projects_cleansed: 'append',
  tfm_customer_rejects: 'append',
  tfm_project_rejects: 'append',
  tfm_customer_info: 'merge',
  tfm_customer_engagements: 'merge',
  tfm_projects: 'merge',
  tfm_engagement_services: 'delete+insert',
  dw_customer_project: 'delete+insert',
};

describe('the sample, delivered in four six-hourly batches', () => {
  const customers = sampleRecords('customers.csv', CUSTOMER_COLUMNS);
  const projects = sampleRecords('projects.csv', PROJECT_COLUMNS);
  const batches: FeedBatch[] = [
    // No rejects of either kind yet: the rejects models start empty.
    {
      customers: pick(customers, [1, 3, 6, 8, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]),
      projects: pick(projects, [1, 3, 4, 5, 6, 10, 12, 15]),
    },
    // The rest of the sample, with rows already loaded sent again: E-101 (2024/04/01) takes
    // customer 42 from the batch-1 rows and E-299 takes customer 7; the first rejects.
    {
      customers: pick(customers, [0, 2, 4, 5, 7, 9, 11, 22, 23, 24, 25, 26, 27]),
      projects: pick(projects, [0, 2, 7, 8, 9, 11, 13, 14]),
    },
    // Changes to keys already loaded.
    {
      customers: [
        // A late row: older than what 42 has, it changes nothing but etl_timestamp.
        customerRow({ customer_id: '42', customer_name: 'Acme Old', engagementid: 'E-099', engagement_date: '2023-01-01', service: 'Design' }),
        // A newer engagement changes customer 55's winner.
        customerRow({ customer_id: '55', customer_name: 'Beta Renamed', engagementid: 'E-202', engagement_date: '2024-06-01', revenue: '10' }),
        // The customer project P-1005 was waiting for, until now an orphan.
        customerRow({ customer_id: '999', customer_name: 'Orphan Owner', engagementid: 'E-900', engagement_date: '2024-06-02', project_id: 'P-1005' }),
        // Another sub-service of an engagement already loaded.
        customerRow({ customer_id: '42', engagementid: 'E-100', engagement_date: '2024-03-15', service: 'Design', sub_service: 'Video' }),
        customers[11] as string[],
        customerRow({ customer_id: 'n/a', customer_name: 'Rejected Later', engagementid: 'E-901' }),
      ],
      projects: [
        // P-1004 moves to a customer nobody knows: it must leave the gold table.
        projectRow({ project_id: 'P-1004', customer_id: '555', project_name: 'Motion pack', project_status: 'active', start_date: '2024-06-01' }),
        projectRow({ project_id: 'P-1003', customer_id: '7', project_name: 'Campaign 2', project_status: 'Completed', start_date: '2024-02-01', budget_usd: '$45,000' }),
        projects[0] as string[],
      ],
    },
    // Only new keys: the delete+insert models delete nothing.
    {
      customers: [customerRow({ customer_id: '301', customer_name: 'New Co', engagementid: 'E-3001', engagement_date: '2024-07-01', service: 'Data' })],
      projects: [
        projectRow({ project_id: 'P-3001', customer_id: '301', project_name: 'New project', project_status: 'ACTIVE', start_date: '2024-07-01' }),
        projectRow({ project_id: 'P-3002', customer_id: '0301', project_name: 'Second', project_status: 'on_hold', start_date: '2024-07-02' }),
      ],
    },
  ];
  let runs: BatchRuns;

  beforeAll(async () => {
    runs = await runBatches(batches);
  });

  test('after the last batch every model, rejects and intermediate steps included, equals a full rebuild row for row', () => {
    expect(Object.keys(runs.incremental)).toHaveLength(11);
    expect(runs.incremental).toEqual(runs.fullRebuild);
  });

  test('every run after the first is incremental, with the strategy each model configures', () => {
    expect(strategies(runs.progress[0] as string[])).toMatchObject(Object.fromEntries(Object.keys(MODELS_BUILT_INCREMENTALLY).map((model) => [model, 'full build'])));
    for (const progress of runs.progress.slice(1)) expect(strategies(progress)).toMatchObject(MODELS_BUILT_INCREMENTALLY);
  });

  test('the batches did what they claim: winners changed, the orphan became valid, the moved project left gold', () => {
    const info = runs.incremental['silver.tfm_customer_info'] as { customer_id: unknown; customer_name: string }[];
    const names = Object.fromEntries(info.map((row) => [String(row.customer_id), row.customer_name]));
    expect(names).toMatchObject({ '42': 'Acme Corporation', '7': 'Globex Inc', '55': 'Beta Renamed', '999': 'Orphan Owner', '301': 'New Co' });
    const gold = (runs.incremental['gold.dw_customer_project'] as { project_id: string }[]).map((row) => row.project_id);
    expect(gold).toEqual(expect.arrayContaining(['P-1005', 'P-3001', 'P-3002']));
    expect(gold).not.toContain('P-1004');
    expect(runs.incremental['silver.tfm_project_rejects']).toHaveLength(2);
    expect(runs.incremental['silver.tfm_customer_rejects']).toHaveLength(7);
  });
});

describe('a generated dirty feed: its first delivery in two batches, then two six-hourly change batches', () => {
  const feed = new DirtyFeed({ customerRows: 600, seed: 3 });
  const first = feed.firstDelivery();
  const half = <T>(rows: readonly T[], parity: number): T[] => rows.filter((_, index) => index % 2 === parity);
  let runs: BatchRuns;

  beforeAll(async () => {
    runs = await runBatches([
      { customers: half(first.customers, 0), projects: half(first.projects, 0) },
      { customers: half(first.customers, 1), projects: half(first.projects, 1) },
      feed.laterDelivery(1, 0.25),
      feed.laterDelivery(2, 0.25),
    ]);
  });

  test('after the last batch every model equals a full rebuild row for row', () => {
    expect(Object.keys(runs.incremental)).toHaveLength(11);
    expect(runs.incremental).toEqual(runs.fullRebuild);
  });

  test('the change batches renamed customers already loaded and made projects of then unknown customers valid', () => {
    const info = runs.incremental['silver.tfm_customer_info'] as { customer_id: unknown; customer_name: string | null }[];
    expect(info.filter((row) => Number(row.customer_id) <= feed.knownCustomers && /renamed/.test(row.customer_name ?? '')).length).toBeGreaterThan(0);
    const gold = runs.incremental['gold.dw_customer_project'] as { customer_id: unknown }[];
    expect(gold.filter((row) => Number(row.customer_id) > feed.knownCustomers).length).toBeGreaterThan(0);
  });
});

test('a batch whose projects.csv is malformed leaves the warehouse as it was, customers.csv included', async () => {
  const dir = temporaryDir('dbt-bad-batch');
  const warehouse = join(dir, 'warehouse.duckdb');
  const feed = new DirtyFeed({ customerRows: 20 });
  writeFeed(join(dir, 'good'), feed.firstDelivery());
  await runPipeline({ inputDir: join(dir, 'good'), outputDir: join(dir, 'out'), warehouse, loadedAt: LOADED_AT });
  const before = await modelTables(warehouse);
  writeFeed(join(dir, 'bad'), { customers: feed.laterDelivery(1, 0.5).customers, projects: [] });
  writeFileSync(join(dir, 'bad', 'projects.csv'), `${PROJECT_COLUMNS.join(',')}\n"P-1,1,x,active,,,\n`);
  const later = new Date(LOADED_AT.getTime() + BATCH_INTERVAL_MS);
  await expect(runPipeline({ inputDir: join(dir, 'bad'), outputDir: join(dir, 'out'), warehouse, loadedAt: later })).rejects.toThrow(
    'projects.csv: not valid CSV (RFC 4180) at line 2',
  );
  const raw = await LocalWarehouse.open(warehouse);
  try {
    expect(await raw.countRows('select * from raw.customers')).toBe(20);
  } finally {
    raw.close();
  }
  expect(await modelTables(warehouse)).toEqual(before);
});
